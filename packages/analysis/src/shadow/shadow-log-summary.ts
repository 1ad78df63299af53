// Counts over a shadow comparison log, accumulated one line at a time (a log of any size fits).
import { wilsonInterval } from '../stats/wilson-interval.js';
import { type BadLineReason, type ComparisonLine, parseComparisonLine, SHADOW_VERDICTS, type ShadowVerdict } from './comparison-line.js';
import { separatingAttribute, type AttributeTallies, type SeparatingAttribute } from './separating-attribute.js';

export type VerdictCounts = Record<ShadowVerdict, number>;

/** Agreement = AGREE / all comparisons (every other verdict, SHADOW_ERROR included, counts against it). */
export interface Agreement {
  readonly n: number;
  readonly agree: number;
  /** null when n = 0. */
  readonly rate: number | null;
  readonly interval: readonly [number, number] | null;
}

export interface FlagSummary {
  readonly flag: string;
  readonly verdicts: VerdictCounts;
  readonly agreement: Agreement;
}

export interface ShadowLogSummary {
  readonly files: readonly string[];
  /** Non-blank lines read. */
  readonly lines: number;
  /** Lines set aside, by reason, with the first few locations (file:line: detail). */
  readonly bad: { readonly count: number; readonly byReason: Readonly<Partial<Record<BadLineReason, number>>>; readonly examples: readonly string[] };
  /** Valid lines left out by the filters (flags, mode, window). */
  readonly filteredOut: number;
  readonly verdicts: VerdictCounts;
  readonly agreement: Agreement;
  /** Sorted by agreement rate, worst first (then by flag key). */
  readonly flags: readonly FlagSummary[];
  /** The last `lastN` non-agreeing comparisons (DIVERGE, SHADOW_EMPTY, PRIMARY_EMPTY), oldest first. */
  readonly lastDivergences: readonly ComparisonLine[];
  readonly separating: SeparatingAttribute;
  /** Earliest and latest comparison time counted (ISO), null when none. */
  readonly from: string | null;
  readonly to: string | null;
  readonly level: number;
}

export interface SummaryOptions {
  /** Only these flags. Default: all. */
  readonly flags?: readonly string[];
  /** Only comparisons made in this mode. Default: both. */
  readonly mode?: 'shadow' | 'route';
  /** Only comparisons with from <= time <= to (epoch ms, both inclusive as plan windows are). Default: all. */
  readonly from?: number;
  readonly to?: number;
  /** How many recent divergences to keep. Default 10. */
  readonly lastN?: number;
  /** Interval level. Default 0.95. */
  readonly level?: number;
  /** See `separatingAttribute`. Default 30. */
  readonly minSupport?: number;
}

const DIVERGENT: ReadonlySet<ShadowVerdict> = new Set(['DIVERGE', 'SHADOW_EMPTY', 'PRIMARY_EMPTY']);
const MAX_EXAMPLES = 5;

export function emptyVerdictCounts(): VerdictCounts {
  return Object.fromEntries(SHADOW_VERDICTS.map((v) => [v, 0])) as VerdictCounts;
}

/** Agreement with its Wilson interval (the analysis package's `wilsonInterval`). */
export function agreementOf(verdicts: VerdictCounts, level: number): Agreement {
  let n = 0;
  for (const v of SHADOW_VERDICTS) n += verdicts[v];
  const agree = verdicts.AGREE;
  return { n, agree, rate: n === 0 ? null : agree / n, interval: n === 0 ? null : wilsonInterval(agree, n, level) };
}

/**
 * Feed lines with `add`, then `finish`. Separation uses the divergent comparisons (DIVERGE,
 * SHADOW_EMPTY, PRIMARY_EMPTY) against the agreeing ones; SHADOW_ERROR is left out of it (a
 * timeout says something about the candidate's health, not about which contexts it gets wrong).
 */
export class ShadowLogAccumulator {
  private lines = 0;
  private badCount = 0;
  private readonly badByReason: Partial<Record<BadLineReason, number>> = {};
  private readonly badExamples: string[] = [];
  private filteredOut = 0;
  private readonly verdicts = emptyVerdictCounts();
  private readonly perFlag = new Map<string, VerdictCounts>();
  private readonly recent: ComparisonLine[] = [];
  private readonly tallies = new Map<string, Map<string, { n: number; divergent: number }>>();
  private separable = { n: 0, divergent: 0 };
  private first: number | undefined;
  private last: number | undefined;
  private readonly files: string[] = [];
  private readonly flagFilter: ReadonlySet<string> | undefined;
  private readonly lastN: number;
  private readonly level: number;

  constructor(private readonly options: SummaryOptions = {}) {
    this.flagFilter = options.flags === undefined ? undefined : new Set(options.flags);
    this.lastN = options.lastN ?? 10;
    this.level = options.level ?? 0.95;
  }

  startFile(file: string): void {
    this.files.push(file);
  }

  /** One line of `file` (1-based `line`); blank lines are skipped, not counted. */
  add(text: string, file: string, line: number): void {
    if (text.trim() === '') return;
    this.lines += 1;
    // A byte-order mark some editors add to the first line is not part of the JSON.
    const parsed = parseComparisonLine(line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file, line);
    if (!parsed.ok) {
      this.badCount += 1;
      this.badByReason[parsed.reason] = (this.badByReason[parsed.reason] ?? 0) + 1;
      if (this.badExamples.length < MAX_EXAMPLES) this.badExamples.push(`${file}:${line}: ${parsed.reason}: ${parsed.detail}`);
      return;
    }
    const r = parsed.record;
    const o = this.options;
    if ((this.flagFilter && !this.flagFilter.has(r.flag)) || (o.mode && r.mode !== o.mode) || (o.from !== undefined && r.at < o.from) || (o.to !== undefined && r.at > o.to)) {
      this.filteredOut += 1;
      return;
    }
    this.verdicts[r.verdict] += 1;
    let flagCounts = this.perFlag.get(r.flag);
    if (flagCounts === undefined) this.perFlag.set(r.flag, (flagCounts = emptyVerdictCounts()));
    flagCounts[r.verdict] += 1;
    if (this.first === undefined || r.at < this.first) this.first = r.at;
    if (this.last === undefined || r.at > this.last) this.last = r.at;
    const divergent = DIVERGENT.has(r.verdict);
    if (divergent && this.lastN > 0) {
      this.recent.push(r);
      if (this.recent.length > this.lastN) this.recent.shift();
    }
    if (r.verdict === 'SHADOW_ERROR') return;
    this.separable.n += 1;
    if (divergent) this.separable.divergent += 1;
    for (const [name, value] of r.attributes) {
      let values = this.tallies.get(name);
      if (values === undefined) this.tallies.set(name, (values = new Map()));
      const slot = values.get(value) ?? { n: 0, divergent: 0 };
      slot.n += 1;
      if (divergent) slot.divergent += 1;
      values.set(value, slot);
    }
  }

  finish(): ShadowLogSummary {
    const level = this.level;
    const flags: FlagSummary[] = [...this.perFlag].map(([flag, verdicts]) => ({ flag, verdicts, agreement: agreementOf(verdicts, level) }));
    flags.sort((a, b) => (a.agreement.rate ?? 1) - (b.agreement.rate ?? 1) || a.flag.localeCompare(b.flag));
    // Comparisons without an attribute form its "(absent)" value.
    const tallies: AttributeTallies = new Map(
      [...this.tallies].map(([name, values]) => {
        let n = 0;
        let divergent = 0;
        for (const t of values.values()) {
          n += t.n;
          divergent += t.divergent;
        }
        const withAbsent = new Map(values);
        if (n < this.separable.n) withAbsent.set('(absent)', { n: this.separable.n - n, divergent: this.separable.divergent - divergent });
        return [name, withAbsent];
      }),
    );
    return {
      files: [...this.files],
      lines: this.lines,
      bad: { count: this.badCount, byReason: { ...this.badByReason }, examples: [...this.badExamples] },
      filteredOut: this.filteredOut,
      verdicts: { ...this.verdicts },
      agreement: agreementOf(this.verdicts, level),
      flags,
      lastDivergences: [...this.recent],
      separating: separatingAttribute(tallies, { minSupport: this.options.minSupport, level }),
      from: this.first === undefined ? null : new Date(this.first).toISOString(),
      to: this.last === undefined ? null : new Date(this.last).toISOString(),
      level,
    };
  }
}
