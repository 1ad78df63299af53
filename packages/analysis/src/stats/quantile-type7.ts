import { StatisticsError } from '../errors/statistics-error.js';

/**
 * The p-quantile of values that are ALREADY sorted ascending, by linear interpolation between
 * order statistics (Hyndman & Fan type 7, the default of R's `quantile` and DuckDB's
 * `quantile_cont`):
 *
 *   h = (n - 1) p,  Q(p) = x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)])   (0-based)
 *
 * Reference: R. J. Hyndman and Y. Fan (1996), "Sample quantiles in statistical packages",
 * The American Statistician 50(4), 361-365, definition 7.
 *
 * Throws StatisticsError for an empty sample, a non-finite value, or p outside [0, 1].
 * Sortedness is the caller's promise (checking it would cost what the caller saved by sorting).
 *
 * @example quantileSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) // 9.1
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new StatisticsError('quantile of an empty sample');
  if (!(p >= 0 && p <= 1)) throw new StatisticsError(`quantile probability must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1]!;
  const frac = h - lo;
  // Written as a + frac (b - a) like DuckDB, so equal neighbours return the value exactly.
  return frac === 0 ? a : a + frac * (b - a);
}

/**
 * The p-quantile (type 7) of an unsorted sample; copies and sorts, then `quantileSorted`.
 *
 * Throws StatisticsError for an empty sample, a non-finite value, or p outside [0, 1].
 *
 * @example quantileType7([3, 1, 2, 10], 0.5) // 2.5
 */
export function quantileType7(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values as ArrayLike<number>);
  for (const v of sorted) if (!Number.isFinite(v)) throw new StatisticsError(`quantile of a sample with a non-finite value (${v})`);
  sorted.sort();
  return quantileSorted(sorted, p);
}
