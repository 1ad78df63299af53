import type { LatencyRun } from './latency-run.js';

/**
 * Groups a value per run into clusters by conversation (runs without a usable value are skipped),
 * in first-seen order so results do not depend on Map iteration quirks.
 */
export function clusterValues<T>(runs: readonly LatencyRun[], value: (run: LatencyRun) => T | null): T[][] {
  const byConversation = new Map<string, T[]>();
  for (const run of runs) {
    const v = value(run);
    if (v === null) continue;
    const list = byConversation.get(run.conversationId);
    if (list) list.push(v);
    else byConversation.set(run.conversationId, [v]);
  }
  return [...byConversation.values()];
}
