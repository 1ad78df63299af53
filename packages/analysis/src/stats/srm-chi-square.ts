import { StatisticsError } from '../errors/statistics-error.js';
import { chiSquareUpperTail } from './chi-square-upper-tail.js';

export interface SrmChiSquareResult {
  readonly chi2: number;
  readonly df: number;
  /** Upper tail of chi^2(df); accurate far into the tail (see chiSquareUpperTail). */
  readonly pValue: number;
  /** Expected count per group: total * weight / sum(weights). */
  readonly expected: number[];
}

/**
 * Sample-ratio mismatch test: Pearson's chi-square goodness of fit of the observed units per
 * variant against the configured traffic weights:
 *
 *   E_i = N w_i / sum(w),   chi2 = sum (O_i - E_i)^2 / E_i,   df = k - 1,   p = Q((k-1)/2, chi2/2)
 *
 * A variant that is configured but received no units still counts (O_i = 0): losing a whole arm
 * is the worst mismatch.
 *
 * Reference: Fabijan et al. (2019), "Diagnosing Sample Ratio Mismatch in Online Controlled
 * Experiments", KDD; R documentation `?chisq.test` (goodness of fit with `p`).
 *
 * Throws StatisticsError when lengths differ, there are fewer than 2 groups, a count is not a
 * non-negative integer, a weight is not positive, or there are no units at all.
 *
 * @example
 * // R: chisq.test(c(89, 37, 30, 28, 2), p = c(40, 20, 20, 15, 5), rescale.p = TRUE)
 * srmChiSquare([89, 37, 30, 28, 2], [40, 20, 20, 15, 5]) // { chi2: 9.990143369, df: 4, pValue: 0.040594043 }
 */
export function srmChiSquare(observed: readonly number[], weights: readonly number[]): SrmChiSquareResult {
  if (observed.length !== weights.length) {
    throw new StatisticsError(`observed counts (${observed.length}) and weights (${weights.length}) differ in length`);
  }
  if (observed.length < 2) throw new StatisticsError('sample-ratio test needs at least 2 groups');
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i]!;
    const w = weights[i]!;
    if (!Number.isInteger(o) || o < 0) throw new StatisticsError(`observed count ${i} must be a non-negative integer, got ${o}`);
    if (!(w > 0) || !Number.isFinite(w)) throw new StatisticsError(`weight ${i} must be positive, got ${w}`);
    total += o;
    weightSum += w;
  }
  if (total === 0) throw new StatisticsError('sample-ratio test needs at least one unit');
  const expected = weights.map((w) => (total * w) / weightSum);
  let chi2 = 0;
  for (let i = 0; i < observed.length; i++) chi2 += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  const df = observed.length - 1;
  return { chi2, df, pValue: chiSquareUpperTail(chi2, df), expected };
}
