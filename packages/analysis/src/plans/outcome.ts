// The report model every plan type produces; renderers (table, JSON, Markdown, HTML) read only this.

/** The decision a plan reaches. Exit codes: GO 0, NO_GO 1, INCONCLUSIVE 3. */
export type Verdict = 'GO' | 'NO_GO' | 'INCONCLUSIVE';

/** A single check's outcome in three-valued logic: `unknown` when the data cannot say. */
export type CheckResult = 'pass' | 'fail' | 'unknown';

/** A threshold, guardrail, sample-size or gate check with everything a reviewer needs to redo it. */
export interface CheckOutcome {
  readonly kind: 'threshold' | 'guardrail' | 'sample' | 'gate' | 'test';
  /** Which evidence it belongs to: 'production', 'local_ab', 'experiment', 'shadow', ... */
  readonly source: string;
  /** e.g. `init_share_p50 >= 0.3` */
  readonly label: string;
  /** What the statistic is, in words (e.g. "p50 of per-run session_init_ms / spawn_to_first_token_ms"). */
  readonly definition?: string;
  readonly observed: number | null;
  readonly interval?: readonly [number, number] | null;
  readonly intervalLabel?: string;
  readonly op?: string;
  readonly target?: number;
  readonly samples?: Readonly<Record<string, number>>;
  readonly result: CheckResult;
  /** Why the result is what it is, one sentence. */
  readonly note: string;
}

/** One source of evidence and the verdict it reaches alone. */
export interface SourceOutcome {
  readonly source: string;
  readonly verdict: Verdict;
  readonly note: string;
}

/** Runs (or units) set aside, by named reason, with the count. */
export interface ExclusionCount {
  readonly source: string;
  readonly reason: string;
  readonly detail: string;
  readonly count: number;
}

/** Data for one chart of the HTML report. */
export type Chart =
  | {
      readonly kind: 'distribution';
      readonly title: string;
      /** One box per series: min, p10, p50, p90, max (type 7), n. */
      readonly series: readonly { label: string; n: number; min: number; p10: number; p50: number; p90: number; max: number }[];
      readonly unit: string;
    }
  | {
      readonly kind: 'intervals';
      readonly title: string;
      /** Point estimates with intervals, e.g. p50/p90 by turn bucket or conversion by variant. */
      readonly points: readonly { label: string; group: string; value: number; lower: number | null; upper: number | null }[];
      readonly unit: string;
      /** Reference lines (thresholds). */
      readonly references?: readonly { label: string; value: number }[];
    };

export interface PlanOutcome {
  readonly plan: { readonly name: string; readonly question: string; readonly type: string; readonly file?: string };
  readonly verdict: Verdict;
  /** Every reason, in the order the decision was reached; the first one is the headline. */
  readonly reasons: readonly string[];
  readonly asOf?: string;
  readonly window?: { readonly from: string | null; readonly to: string | null };
  readonly sources: readonly SourceOutcome[];
  readonly checks: readonly CheckOutcome[];
  readonly exclusions: readonly ExclusionCount[];
  readonly charts: readonly Chart[];
  /** Free-form extra tables (segment summaries, per-variant conversion), rendered as-is. */
  readonly tables: readonly { readonly title: string; readonly columns: readonly string[]; readonly rows: readonly (readonly (string | number | null)[])[] }[];
}

/** The process exit code for a verdict. */
export function verdictExitCode(verdict: Verdict): 0 | 1 | 3 {
  return verdict === 'GO' ? 0 : verdict === 'NO_GO' ? 1 : 3;
}
