import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { StatisticsError } from '../errors/statistics-error.js';
import { quantileSorted } from './quantile-type7.js';

export interface DklQuantileInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  /** Delta-method standard error of the proportion of runs at or below the estimate. */
  readonly proportionStandardError: number;
}

/**
 * Confidence interval for a quantile of runs that are clustered in conversations, by the
 * Deng-Knoblich-Lu "outer" interval: the share of runs at or below the sample quantile is a ratio
 * of cluster sums, p^ = sum(S_i) / sum(N_i), whose variance by the delta method over K clusters is
 *
 *   var(p^) = (1/K) [ s_S^2 / m_N^2 - 2 m_S s_SN / m_N^3 + m_S^2 s_N^2 / m_N^4 ]
 *
 * (S_i runs of cluster i at or below the quantile, N_i runs of cluster i; m, s^2, s_SN the sample
 * means, variances and covariance over clusters). With sigma = sqrt(var), the interval is the
 * order statistics X(floor(n (p - z sigma))) and X(ceil(n (p + z sigma))) (1-based, clamped),
 * widened where needed to the two order statistics the type-7 estimate lies between, so it always
 * contains the estimate. With one conversation sigma is unknown (Infinity): every run's range.
 *
 * Reference: A. Deng, U. Knoblich, J. Lu (2018), "Applying the Delta Method in Metric Analytics:
 * A Practical Guide with Novel Ideas", KDD '18, section 4.2 (quantile metrics).
 *
 * Throws StatisticsError for no clusters, an empty cluster, p outside (0, 1), or a level outside (0, 1).
 *
 * @example dklQuantileInterval([[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]], 0.5) // { estimate: 5.5, lower: 1, upper: 9 }
 */
export function dklQuantileInterval(clusters: readonly (readonly number[])[], p: number, level = 0.95): DklQuantileInterval {
  const k = clusters.length;
  if (k === 0) throw new StatisticsError('quantile interval over zero clusters');
  if (!(p > 0 && p < 1)) throw new StatisticsError(`quantile probability must be in (0, 1), got ${p}`);
  if (!(level > 0 && level < 1)) throw new StatisticsError(`confidence level must be in (0, 1), got ${level}`);
  const all: number[] = [];
  for (const cluster of clusters) {
    if (cluster.length === 0) throw new StatisticsError('a cluster with no runs');
    for (const v of cluster) all.push(v);
  }
  const sorted = Float64Array.from(all).sort();
  const n = sorted.length;
  const estimate = quantileSorted(sorted, p);
  let sumS = 0;
  let sumN = 0;
  const s = new Float64Array(k);
  const m = new Float64Array(k);
  clusters.forEach((cluster, i) => {
    let below = 0;
    for (const v of cluster) if (v <= estimate) below++;
    s[i] = below;
    m[i] = cluster.length;
    sumS += below;
    sumN += cluster.length;
  });
  const meanS = sumS / k;
  const meanN = sumN / k;
  let varS = 0;
  let varN = 0;
  let cov = 0;
  for (let i = 0; i < k; i++) {
    varS += (s[i]! - meanS) ** 2;
    varN += (m[i]! - meanN) ** 2;
    cov += (s[i]! - meanS) * (m[i]! - meanN);
  }
  // One conversation says nothing about the variation between conversations: sigma is unknown
  // (Infinity), and the interval is every run's range. Otherwise sample (co)variances, divisor K - 1.
  const d = k - 1;
  const variance = k < 2 ? Infinity : Math.max(0, (varS / d / meanN ** 2 - (2 * meanS * (cov / d)) / meanN ** 3 + (meanS ** 2 * (varN / d)) / meanN ** 4) / k);
  const sigma = Math.sqrt(variance);
  const z = normalQuantile(1 - (1 - level) / 2, 0, 1);
  // The estimate interpolates between the order statistics at floor(h) and ceil(h), h = (n - 1) p
  // + 1 (type 7), and the interval always reaches both: with a small or zero sigma (every
  // conversation with the same share at or below the estimate) the ranks floor(np) and ceil(np)
  // alone can miss them, and give an interval that leaves out its own estimate.
  const h = (n - 1) * p + 1;
  const clamp = (rank: number) => Math.min(n, Math.max(1, rank));
  const rankLow = Math.min(Math.floor(h), clamp(Math.floor(n * (p - z * sigma))));
  const rankHigh = Math.max(Math.ceil(h), clamp(Math.ceil(n * (p + z * sigma))));
  return { estimate, lower: sorted[rankLow - 1]!, upper: sorted[rankHigh - 1]!, level, proportionStandardError: sigma };
}
