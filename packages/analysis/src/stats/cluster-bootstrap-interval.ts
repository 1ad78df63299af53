import { StatisticsError } from '../errors/statistics-error.js';
import { mulberry32 } from './mulberry32.js';
import { quantileSorted } from './quantile-type7.js';

export interface ClusterBootstrapOptions {
  /** Number of bootstrap resamples. Default 2000. */
  resamples?: number;
  /** Seed of the Mulberry32 generator; same seed, same interval. Default 1. */
  seed?: number;
  /** Two-sided confidence level in (0, 1). Default 0.95. */
  level?: number;
}

export interface BootstrapInterval {
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly resamples: number;
  readonly seed: number;
  /** Resamples whose statistic was not finite (e.g. a ratio with a zero denominator); left out. */
  readonly undefinedResamples: number;
}

/**
 * Percentile bootstrap interval that resamples whole CLUSTERS (conversations) with replacement,
 * so runs of one conversation, which are correlated, move together and the interval is not too
 * narrow. Each resample draws k clusters out of k and applies `statistic` to the drawn clusters;
 * the interval is the (a/2, 1 - a/2) type-7 quantiles of the resampled statistics.
 *
 * Reference: A. C. Davison and D. V. Hinkley (1997), Bootstrap Methods and their Application,
 * section 3.8 (resampling clusters, "strategy 1"); B. Efron and R. Tibshirani (1993), ch. 13
 * (percentile interval).
 *
 * Throws StatisticsError for no clusters, resamples < 10, a level outside (0, 1), or when no
 * resample gives a finite statistic.
 *
 * @example
 * // clusters [[1,2],[3],[10,11,12]], median of pooled values, seed 7, 2000 resamples
 * clusterBootstrapInterval(clusters, (cs) => quantileType7(cs.flat(), 0.5), { seed: 7 }) // { lower: 1.5, upper: 11, ... }
 */
export function clusterBootstrapInterval<C>(
  clusters: readonly C[],
  statistic: (sample: readonly C[]) => number,
  options: ClusterBootstrapOptions = {},
): BootstrapInterval {
  const resamples = options.resamples ?? 2000;
  const seed = options.seed ?? 1;
  const level = options.level ?? 0.95;
  const k = clusters.length;
  if (k === 0) throw new StatisticsError('bootstrap over zero clusters');
  if (!Number.isInteger(resamples) || resamples < 10) throw new StatisticsError(`resamples must be an integer >= 10, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new StatisticsError(`confidence level must be in (0, 1), got ${level}`);
  const random = mulberry32(seed);
  const draws: number[] = [];
  let undefinedResamples = 0;
  const sample: C[] = new Array<C>(k);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < k; i++) sample[i] = clusters[Math.floor(random() * k)]!;
    const value = statistic(sample);
    if (Number.isFinite(value)) draws.push(value);
    else undefinedResamples++;
  }
  if (draws.length === 0) throw new StatisticsError('no bootstrap resample gave a finite statistic');
  const sorted = Float64Array.from(draws).sort();
  const alpha = 1 - level;
  return {
    lower: quantileSorted(sorted, alpha / 2),
    upper: quantileSorted(sorted, 1 - alpha / 2),
    level,
    resamples,
    seed,
    undefinedResamples,
  };
}
