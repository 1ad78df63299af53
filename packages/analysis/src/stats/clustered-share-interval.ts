import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { StatisticsError } from '../errors/statistics-error.js';
import { wilsonInterval } from './wilson-interval.js';

export interface ClusteredShareInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly standardError: number;
}

/**
 * Share of runs with a property when runs are clustered in conversations: p^ = sum(S_i) / sum(N_i)
 * over K clusters (S_i runs with the property, N_i runs), a ratio of means whose delta-method variance is
 *
 *   var(p^) = (1/K) [ s_S^2 / m_N^2 - 2 m_S s_SN / m_N^3 + m_S^2 s_N^2 / m_N^4 ],
 *
 * and the normal interval p^ +- z sqrt(var), clamped to [0, 1]. With one run per cluster it is the
 * Wald interval with a K - 1 variance divisor. Two cases where that variance says nothing: one
 * cluster gives [0, 1]; a share of exactly 0 or 1 (variance 0) gives the Wilson interval of 0 or K
 * successes in K trials (each conversation counted once), not a zero-width interval.
 *
 * Reference: A. Deng, U. Knoblich, J. Lu (2018), "Applying the Delta Method in Metric Analytics",
 * KDD '18, section 3 (ratio metrics).
 *
 * Throws StatisticsError for no clusters, an empty cluster, a count outside [0, N_i], or a level outside (0, 1).
 *
 * @example clusteredShareInterval([[1, 1], [0, 0], [1, 0], [0, 0]]) // { estimate: 0.375, lower: 0, upper: 0.8441, standardError: 0.2394 }
 */
export function clusteredShareInterval(clusters: readonly (readonly (0 | 1 | number)[])[], level = 0.95): ClusteredShareInterval {
  const k = clusters.length;
  if (k === 0) throw new StatisticsError('share interval over zero clusters');
  if (!(level > 0 && level < 1)) throw new StatisticsError(`confidence level must be in (0, 1), got ${level}`);
  const sums: number[] = [];
  const sizes: number[] = [];
  for (const c of clusters) {
    if (c.length === 0) throw new StatisticsError('a cluster with no runs');
    let s = 0;
    for (const v of c) {
      if (v !== 0 && v !== 1) throw new StatisticsError(`share indicators must be 0 or 1, got ${v}`);
      s += v;
    }
    sums.push(s);
    sizes.push(c.length);
  }
  const ms = sums.reduce((a, b) => a + b, 0) / k;
  const mn = sizes.reduce((a, b) => a + b, 0) / k;
  let vs = 0;
  let vn = 0;
  let cov = 0;
  for (let i = 0; i < k; i++) {
    vs += (sums[i]! - ms) ** 2;
    vn += (sizes[i]! - mn) ** 2;
    cov += (sums[i]! - ms) * (sizes[i]! - mn);
  }
  const estimate = ms / mn;
  // One conversation says nothing about the variation between conversations: every share is possible.
  if (k < 2) return { estimate, lower: 0, upper: 1, standardError: Infinity };
  // No run, or every run, has the property: the delta method's variance is 0 and its interval a
  // point, whatever the sample size (0 failures in 10 runs would be "0% for sure"). The Wilson
  // interval over the K conversations, as if each were one trial, stands in: never wider than 1 in
  // a conversation's worth of evidence allows, and narrower the more conversations there are.
  if (ms === 0 || ms === mn) {
    const [lower, upper] = wilsonInterval(ms === 0 ? 0 : k, k, level);
    return { estimate, lower, upper, standardError: 0 };
  }
  const d = k - 1;
  const variance = Math.max(0, (vs / d / mn ** 2 - (2 * ms * (cov / d)) / mn ** 3 + (ms ** 2 * (vn / d)) / mn ** 4) / k);
  const half = normalQuantile(1 - (1 - level) / 2, 0, 1) * Math.sqrt(variance);
  return { estimate, lower: Math.max(0, estimate - half), upper: Math.min(1, estimate + half), standardError: Math.sqrt(variance) };
}
