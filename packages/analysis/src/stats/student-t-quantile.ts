import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { StatisticsError } from '../errors/statistics-error.js';

/**
 * Quantile of Student's t distribution with `df` (real, > 0) degrees of freedom: the t with
 * F(t) = p, found by bisection on the CDF (monotone; stops at double precision). Welch's
 * interval needs it at a non-integer df.
 *
 * Reference: Abramowitz & Stegun (1964), 26.7; the CDF is @stdlib/stats-base-dists-t-cdf.
 *
 * Throws StatisticsError when p is not in (0, 1) or df is not positive.
 *
 * @example studentTQuantile(0.975, 17.776473516178488) // 2.102817242
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new StatisticsError(`probability must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new StatisticsError(`degrees of freedom must be > 0, got ${df}`);
  let lo = -1;
  let hi = 1;
  while (tCdf(lo, df) > p) lo *= 2;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-14 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
