import { SEGMENT_FIELDS, type SegmentField } from '../plans/latency/latency-plan.js';
import { quantileSorted } from '../stats/quantile-type7.js';
import { clusterValues } from './clusters.js';
import { estimateQuantile, type Estimate, type IntervalSpec } from './estimate.js';
import type { LatencyRun } from './latency-run.js';

export interface SegmentStats {
  readonly segment: SegmentField;
  readonly p50: Estimate;
  readonly p90: Estimate;
  /** Median over runs of segment / spawn_to_first_token_ms (a quantile of per-run ratios). */
  readonly medianShareOfTotal: number | null;
}

export interface SegmentGroup {
  readonly group: string;
  readonly turnBucket: string;
  readonly runs: number;
  readonly conversations: number;
  /** Runs by quality: ok, missing_parts, negative_remainder (all counted; only ok runs feed the quantiles). */
  readonly quality: Readonly<Record<'ok' | 'missing_parts' | 'negative_remainder', number>>;
  /** How often each part was missing or invalid. */
  readonly missingByPart: Readonly<Record<string, number>>;
  readonly segments: readonly SegmentStats[];
}

export interface SummarizeOptions {
  /** Split by turn bucket (turn 1 / turn 2+ / unknown). Default false. */
  readonly byTurns?: boolean;
  readonly interval: IntervalSpec;
}

/**
 * Per group (the SQL's group_value) and optionally turn bucket: run counts by quality and the
 * p50/p90 of each segment over runs whose decomposition is whole (quality ok), with intervals
 * over conversations. Runs outside the population (droppedBy) must be filtered out by the caller.
 */
export function summarizeSegments(runs: readonly LatencyRun[], options: SummarizeOptions): SegmentGroup[] {
  const groups = new Map<string, LatencyRun[]>();
  for (const run of runs) {
    const key = JSON.stringify([run.groupValue, options.byTurns ? run.turnBucket : 'all turns']);
    const list = groups.get(key);
    if (list) list.push(run);
    else groups.set(key, [run]);
  }
  const out: SegmentGroup[] = [];
  for (const key of [...groups.keys()].sort()) {
    const [group, turnBucket] = JSON.parse(key) as [string, string];
    const members = groups.get(key)!;
    const quality = { ok: 0, missing_parts: 0, negative_remainder: 0 };
    const missingByPart: Record<string, number> = {};
    for (const r of members) {
      quality[r.quality]++;
      for (const part of r.missingParts) missingByPart[part] = (missingByPart[part] ?? 0) + 1;
    }
    const ok = members.filter((r) => r.quality === 'ok');
    const segments: SegmentStats[] = [];
    if (ok.length > 0) {
      for (const segment of SEGMENT_FIELDS) {
        const clusters = clusterValues(ok, (r) => r[segment]);
        const shares = ok.map((r) => (r.spawn_to_first_token_ms! > 0 ? r[segment]! / r.spawn_to_first_token_ms! : Number.NaN)).filter(Number.isFinite);
        const sortedShares = Float64Array.from(shares).sort();
        segments.push({
          segment,
          p50: estimateQuantile(clusters, 0.5, options.interval),
          p90: estimateQuantile(clusters, 0.9, options.interval),
          medianShareOfTotal: sortedShares.length > 0 ? quantileSorted(sortedShares, 0.5) : null,
        });
      }
    }
    out.push({
      group,
      turnBucket,
      runs: members.length,
      conversations: new Set(members.map((r) => r.conversationId)).size,
      quality,
      missingByPart,
      segments,
    });
  }
  return out;
}
