import type { PairRun } from './pair-run.js';

export interface Pairs {
  /** Complete pairs, in pair-id order: baseline[i] and treatment[i] belong to pair ids[i]. */
  readonly ids: readonly string[];
  readonly baseline: readonly number[];
  readonly treatment: readonly number[];
  /** Runs or pairs set aside, by reason (every input run is either used or counted here). */
  readonly problems: Readonly<Record<string, number>>;
}

/**
 * Matches runs into (baseline, treatment) pairs by pair id. Set aside and counted, by reason:
 * `malformed_row` (no pair id: missing, or "", which names no pair), `unknown_arm`, `missing_value` (metric absent or not a number),
 * `incomplete_pair` (an arm missing), `duplicate_arm` (an arm seen twice: ambiguous, so the whole
 * pair is set aside rather than guessing which run counts).
 */
export function pairRuns(runs: readonly PairRun[], arms: { baseline: string; treatment: string }): Pairs {
  const problems: Record<string, number> = {};
  const bump = (reason: string, n = 1) => {
    problems[reason] = (problems[reason] ?? 0) + n;
  };
  const byPair = new Map<string, { baseline: (number | null)[]; treatment: (number | null)[] }>();
  for (const run of runs) {
    // An empty id names no pair, as an empty CSV cell does (else every run without one would pair up).
    if (run.pairId === null || run.pairId === '') {
      bump('malformed_row');
      continue;
    }
    if (run.arm !== arms.baseline && run.arm !== arms.treatment) {
      bump('unknown_arm');
      continue;
    }
    const entry = byPair.get(run.pairId) ?? { baseline: [], treatment: [] };
    byPair.set(run.pairId, entry);
    (run.arm === arms.baseline ? entry.baseline : entry.treatment).push(run.value);
  }
  const ids: string[] = [];
  const baseline: number[] = [];
  const treatment: number[] = [];
  for (const id of [...byPair.keys()].sort()) {
    const entry = byPair.get(id)!;
    const runsInPair = entry.baseline.length + entry.treatment.length;
    if (entry.baseline.length > 1 || entry.treatment.length > 1) bump('duplicate_arm', runsInPair);
    else if (entry.baseline.length === 0 || entry.treatment.length === 0) bump('incomplete_pair', runsInPair);
    else if (entry.baseline[0] === null || entry.treatment[0] === null) bump('missing_value', runsInPair);
    else {
      ids.push(id);
      baseline.push(entry.baseline[0]!);
      treatment.push(entry.treatment[0]!);
    }
  }
  return { ids, baseline, treatment, problems };
}
