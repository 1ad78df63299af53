import { clusterValues } from '../../segments/clusters.js';
import { estimateQuantile, estimateRatioOfQuantiles, estimateShare, type Estimate } from '../../segments/estimate.js';
import type { LatencyRun } from '../../segments/latency-run.js';
import { describeCondition } from '../conditions.js';
import type { IntervalOptions, LatencyStatistic } from './latency-plan.js';

export interface StatisticResult {
  readonly statistic: LatencyStatistic;
  readonly definition: string;
  /** null when no run could be used, or the statistic is undefined on them (see `undefinedBecause`). */
  readonly estimate: Estimate | null;
  /** Why the estimate is null although runs could be used (e.g. a ratio of quantiles over a zero quantile). */
  readonly undefinedBecause?: string;
  readonly runs: number;
  readonly conversations: number;
  /** Runs of the population left out of this statistic, by reason. */
  readonly excluded: Readonly<Record<string, number>>;
  readonly sufficient: boolean;
}

/** The mark a run carries when it meets a share statistic's `where`. */
export function shareMark(id: string): string {
  return `share:${id}`;
}
/** The mark a run carries when it meets a named exclusion. */
export function exclusionMark(name: string): string {
  return `exclude:${name}`;
}

/** Computes one plan statistic over the population runs (window, filters and turns already applied). */
export function computeLatencyStatistic(stat: LatencyStatistic, population: readonly LatencyRun[], interval: IntervalOptions, allExclusions: readonly string[]): StatisticResult {
  const excluded: Record<string, number> = {};
  const bump = (reason: string) => {
    excluded[reason] = (excluded[reason] ?? 0) + 1;
  };
  const usable: LatencyRun[] = [];
  for (const run of population) {
    if (stat.turns !== 'all' && run.turnBucket !== (stat.turns === '1' ? 'turn 1' : 'turn 2+')) {
      bump(`turns other than ${stat.turns}`);
      continue;
    }
    const hit = stat.exclusions.find((name) => run.marks.has(exclusionMark(name)));
    if (hit !== undefined) {
      bump(hit);
      continue;
    }
    const m = stat.measure;
    if (m.kind !== 'share') {
      if (run.quality !== 'ok') {
        bump(run.quality);
        continue;
      }
      if (m.kind === 'ratio-quantile' && m.aggregate === 'quantile_of_ratios' && !(run[m.denominator]! > 0)) {
        bump(`zero ${m.denominator}`);
        continue;
      }
    }
    usable.push(run);
  }
  const m = stat.measure;
  const q = (p: number) => `p${Math.round(p * 1000) / 10}`;
  const notApplied = allExclusions.filter((e) => !stat.exclusions.includes(e));
  const scope = [
    stat.turns === 'all' ? 'all turns' : `turn ${stat.turns}`,
    stat.exclusions.length > 0 ? `excluding ${stat.exclusions.join(', ')}` : allExclusions.length > 0 ? 'no exclusions applied' : '',
    notApplied.length > 0 && stat.exclusions.length > 0 ? `(not excluding ${notApplied.join(', ')})` : '',
  ].filter(Boolean).join(', ');
  let definition: string;
  let estimate: Estimate | null = null;
  let undefinedBecause: string | undefined;
  const conversations = new Set(usable.map((r) => r.conversationId)).size;
  if (m.kind === 'quantile') {
    definition = `${q(m.quantile)} of ${m.of} over runs`;
    if (usable.length > 0) estimate = estimateQuantile(clusterValues(usable, (r) => r[m.of]), m.quantile, interval);
  } else if (m.kind === 'ratio-quantile') {
    if (m.aggregate === 'quantile_of_ratios') {
      definition = `${q(m.quantile)} of per-run ${m.numerator} / ${m.denominator} (quantile of per-run ratios)`;
      if (usable.length > 0) estimate = estimateQuantile(clusterValues(usable, (r) => r[m.numerator]! / r[m.denominator]!), m.quantile, interval);
    } else {
      definition = `${q(m.quantile)}(${m.numerator}) / ${q(m.quantile)}(${m.denominator}) (ratio of quantiles)`;
      if (usable.length > 0) {
        const clusters = clusterValues(usable, (r) => [r[m.numerator]!, r[m.denominator]!] as const);
        estimate = estimateRatioOfQuantiles(clusters, m.quantile, interval);
        if (estimate === null) undefinedBecause = `${q(m.quantile)} of ${m.denominator} is 0 over the ${usable.length} usable runs, so the ratio of quantiles is undefined`;
      }
    }
  } else {
    const text = m.of === 'where' ? m.where.map(describeCondition).join(' and ') : m.of.replace('_', ' ');
    definition = `share of runs with ${text}`;
    if (usable.length > 0) {
      const indicator = (r: LatencyRun) => (m.of === 'where' ? (r.marks.has(shareMark(stat.id)) ? 1 : 0) : r.quality === m.of ? 1 : 0);
      estimate = estimateShare(clusterValues(usable, indicator), interval);
    }
  }
  definition = `${definition}; ${scope}`;
  const sufficient = usable.length >= stat.minimumSample.runs && conversations >= stat.minimumSample.conversations;
  return { statistic: stat, definition, estimate, ...(undefinedBecause === undefined ? {} : { undefinedBecause }), runs: usable.length, conversations, excluded, sufficient };
}
