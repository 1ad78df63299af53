import { StatisticsError } from '../errors/statistics-error.js';
import type { BootstrapInterval, ClusterBootstrapOptions } from './cluster-bootstrap-interval.js';
import { mulberry32 } from './mulberry32.js';
import { quantileSorted } from './quantile-type7.js';

/** One measured column: per cluster, the values of its runs (every column has the same clusters and sizes). */
export type ClusterColumn = readonly (readonly number[])[];

/**
 * The cluster bootstrap of `clusterBootstrapInterval` specialised to type-7 quantiles, in O(n) per
 * resample instead of O(n log n): the runs are sorted once; a resample is a count per cluster (how
 * often it was drawn), and the order statistics the quantile needs are found by walking the sorted
 * runs with those counts as weights. It draws the clusters with the same generator in the same
 * order, so for the same seed it returns exactly what `clusterBootstrapInterval` returns with a
 * statistic that sorts the pooled resample.
 *
 * Each resample computes the p-quantile of every column under the same draw, then `combine`
 * (default: the first column's quantile; e.g. `(q) => q[0] / q[1]` for a ratio of quantiles).
 *
 * Reference: Davison & Hinkley (1997), Bootstrap Methods and their Application, 3.8 (clusters);
 * Hyndman & Fan (1996) definition 7 on the resampled (replicated) sample.
 *
 * Throws StatisticsError for no clusters, an empty cluster, columns whose clusters differ in
 * size, p outside [0, 1], a non-finite value, resamples < 10, or a level outside (0, 1).
 *
 * @example clusterBootstrapQuantileInterval([[[1, 2], [3], [10, 11, 12]]], 0.5, { seed: 7 }) // { lower: 1.5, upper: 11, ... }
 */
export function clusterBootstrapQuantileInterval(
  columns: readonly ClusterColumn[],
  p: number,
  options: ClusterBootstrapOptions = {},
  combine: (quantiles: readonly number[]) => number = (q) => q[0]!,
): BootstrapInterval {
  const resamples = options.resamples ?? 2000;
  const seed = options.seed ?? 1;
  const level = options.level ?? 0.95;
  const first = columns[0];
  if (first === undefined || first.length === 0) throw new StatisticsError('bootstrap over zero clusters');
  if (!(p >= 0 && p <= 1)) throw new StatisticsError(`quantile probability must be in [0, 1], got ${p}`);
  if (!Number.isInteger(resamples) || resamples < 10) throw new StatisticsError(`resamples must be an integer >= 10, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new StatisticsError(`confidence level must be in (0, 1), got ${level}`);
  const k = first.length;
  const sizes = new Int32Array(k);
  first.forEach((c, i) => {
    if (c.length === 0) throw new StatisticsError('a cluster with no runs');
    sizes[i] = c.length;
  });
  // Per column: run values sorted ascending, with the cluster each came from.
  const sortedColumns = columns.map((column) => {
    if (column.length !== k || column.some((c, i) => c.length !== sizes[i])) throw new StatisticsError('columns must have the same clusters and cluster sizes');
    const n = column.reduce((s, c) => s + c.length, 0);
    const values = new Float64Array(n);
    const owner = new Int32Array(n);
    let j = 0;
    column.forEach((c, i) => {
      for (const v of c) {
        if (!Number.isFinite(v)) throw new StatisticsError(`bootstrap over a non-finite value (${v})`);
        values[j] = v;
        owner[j++] = i;
      }
    });
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
    return { values: Float64Array.from(order, (i) => values[i]!), owner: Int32Array.from(order, (i) => owner[i]!) };
  });
  const random = mulberry32(seed);
  const weights = new Int32Array(k);
  const draws: number[] = [];
  let undefinedResamples = 0;
  const quantiles = new Array<number>(columns.length);
  for (let r = 0; r < resamples; r++) {
    weights.fill(0);
    let total = 0;
    for (let i = 0; i < k; i++) {
      const c = Math.floor(random() * k);
      weights[c]!++;
      total += sizes[c]!;
    }
    const h = (total - 1) * p;
    const lo = Math.floor(h);
    const frac = h - lo;
    for (let ci = 0; ci < sortedColumns.length; ci++) {
      // Walk the sorted runs; a run of a cluster drawn w times occupies w positions.
      const { values, owner } = sortedColumns[ci]!;
      const n = values.length;
      let seen = 0;
      let i = 0;
      let w = 0;
      for (; i < n; i++) {
        w = weights[owner[i]!]!;
        if (seen + w > lo) break;
        seen += w;
      }
      const a = values[i]!;
      let b = a;
      if (frac !== 0 && seen + w <= lo + 1) {
        // x(lo + 1) is the next run with a non-zero weight.
        for (i++; i < n; i++) {
          if (weights[owner[i]!]! > 0) {
            b = values[i]!;
            break;
          }
        }
      }
      quantiles[ci] = frac === 0 ? a : a + frac * (b - a);
    }
    const value = combine(quantiles);
    if (Number.isFinite(value)) draws.push(value);
    else undefinedResamples++;
  }
  if (draws.length === 0) throw new StatisticsError('no bootstrap resample gave a finite statistic');
  const sorted = Float64Array.from(draws).sort();
  const alpha = 1 - level;
  return { lower: quantileSorted(sorted, alpha / 2), upper: quantileSorted(sorted, 1 - alpha / 2), level, resamples, seed, undefinedResamples };
}
