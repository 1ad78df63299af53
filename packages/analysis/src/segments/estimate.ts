// Point estimates with intervals that respect conversations, as plans and `rollgate segments` use them.
import { clusterBootstrapInterval } from '../stats/cluster-bootstrap-interval.js';
import { clusterBootstrapQuantileInterval } from '../stats/cluster-bootstrap-quantile-interval.js';
import { clusteredShareInterval } from '../stats/clustered-share-interval.js';
import { dklQuantileInterval } from '../stats/dkl-quantile-interval.js';
import { confidenceLabel } from '../stats/confidence-label.js';
import { quantileSorted } from '../stats/quantile-type7.js';

export interface IntervalSpec {
  readonly method: 'bootstrap' | 'dkl';
  readonly level: number;
  readonly resamples: number;
  readonly seed: number;
}

export interface Estimate {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** e.g. "95% cluster bootstrap (2000 resamples, seed 1) over 48 conversations" */
  readonly intervalLabel: string;
  readonly runs: number;
  readonly conversations: number;
}

function pooledSorted(clusters: readonly (readonly number[])[]): Float64Array {
  let n = 0;
  for (const c of clusters) n += c.length;
  const out = new Float64Array(n);
  let i = 0;
  for (const c of clusters) for (const v of c) out[i++] = v;
  return out.sort();
}

function label(spec: IntervalSpec, k: number, what = ''): string {
  const pct = confidenceLabel(spec.level);
  return spec.method === 'dkl'
    ? `${pct} Deng-Knoblich-Lu outer interval over ${k} conversations${what}`
    : `${pct} cluster bootstrap (${spec.resamples} resamples, seed ${spec.seed}) over ${k} conversations${what}`;
}

/**
 * Type-7 quantile of the pooled values with a conversation-clustered interval. Clusters must be
 * non-empty. Over one conversation nothing is known of the variation between conversations: the
 * interval is every run's range, as the DKL interval gives (a bootstrap over conversations would
 * redraw that one conversation every time and give a point).
 */
export function estimateQuantile(clusters: readonly (readonly number[])[], p: number, spec: IntervalSpec): Estimate {
  const sorted = pooledSorted(clusters);
  const estimate = quantileSorted(sorted, p);
  const runs = sorted.length;
  if (spec.method === 'dkl') {
    const r = dklQuantileInterval(clusters, p, spec.level);
    return { estimate, lower: r.lower, upper: r.upper, intervalLabel: label(spec, clusters.length), runs, conversations: clusters.length };
  }
  if (clusters.length < 2) {
    const intervalLabel = `${confidenceLabel(spec.level)} interval: every run's range (one conversation says nothing of the variation between conversations)`;
    return { estimate, lower: sorted[0]!, upper: sorted[runs - 1]!, intervalLabel, runs, conversations: clusters.length };
  }
  const r = clusterBootstrapQuantileInterval([clusters], p, spec);
  return { estimate, lower: r.lower, upper: r.upper, intervalLabel: label(spec, clusters.length), runs, conversations: clusters.length };
}

/**
 * Q_p(numerators) / Q_p(denominators) over runs, bootstrap over conversations (pairs stay together).
 * Null when the ratio is undefined: Q_p(denominators) is 0 (the bootstrap would find no finite
 * resample either).
 */
export function estimateRatioOfQuantiles(clusters: readonly (readonly (readonly [number, number])[])[], p: number, spec: IntervalSpec): Estimate | null {
  const numerators = clusters.map((c) => c.map((x) => x[0]));
  const denominators = clusters.map((c) => c.map((x) => x[1]));
  const estimate = quantileSorted(pooledSorted(numerators), p) / quantileSorted(pooledSorted(denominators), p);
  if (!Number.isFinite(estimate)) return null;
  const r = clusterBootstrapQuantileInterval([numerators, denominators], p, spec, (q) => q[0]! / q[1]!);
  const runs = clusters.reduce((s, c) => s + c.length, 0);
  return { estimate, lower: r.lower, upper: r.upper, intervalLabel: label(spec, clusters.length), runs, conversations: clusters.length };
}

/**
 * Share of runs meeting a condition (pooled mean of 0/1), with a clustered interval: bootstrap over
 * conversations, or with method 'dkl' the delta-method normal interval of a ratio of cluster sums
 * (Deng, Knoblich, Lu 2018, section 3), clamped to [0, 1]. Where resampling conversations cannot
 * vary the share (no run or every run meets the condition, or one conversation), the bootstrap's
 * percentile interval would be a point ("0 failures: 0% for sure"); those get what the delta method
 * gives there: the Wilson interval over the conversations, or [0, 1] over one.
 */
export function estimateShare(clusters: readonly (readonly number[])[], spec: IntervalSpec): Estimate {
  const mean = (cs: readonly (readonly number[])[]) => {
    let s = 0;
    let n = 0;
    for (const c of cs) for (const v of c) { s += v; n++; }
    return s / n;
  };
  const estimate = mean(clusters);
  const runs = clusters.reduce((s, c) => s + c.length, 0);
  if (spec.method === 'dkl') {
    const r = clusteredShareInterval(clusters, spec.level);
    return { estimate, lower: r.lower, upper: r.upper, intervalLabel: `${confidenceLabel(spec.level)} delta-method interval over ${clusters.length} conversations`, runs, conversations: clusters.length };
  }
  if (estimate === 0 || estimate === 1 || clusters.length < 2) {
    const r = clusteredShareInterval(clusters, spec.level);
    const how =
      clusters.length < 2
        ? 'interval [0, 1]: one conversation says nothing of the variation between conversations'
        : `Wilson interval over ${clusters.length} conversations (a share of ${estimate} does not vary under a bootstrap over conversations)`;
    return { estimate, lower: r.lower, upper: r.upper, intervalLabel: `${confidenceLabel(spec.level)} ${how}`, runs, conversations: clusters.length };
  }
  const r = clusterBootstrapInterval(clusters, mean, spec);
  return { estimate, lower: r.lower, upper: r.upper, intervalLabel: label(spec, clusters.length), runs, conversations: clusters.length };
}

