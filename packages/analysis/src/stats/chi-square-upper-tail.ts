import gammainc from '@stdlib/math-base-special-gammainc';
import { StatisticsError } from '../errors/statistics-error.js';

/**
 * Upper-tail probability of the chi-square distribution, P(X >= x) for X ~ chi^2(df), as the
 * regularized UPPER incomplete gamma function:
 *
 *   P(X >= x) = Q(df / 2, x / 2) = Gamma(df/2, x/2) / Gamma(df/2)
 *
 * computed directly (not as 1 - CDF), so it keeps full relative precision far into the tail:
 * p = 1e-40 is returned as 1e-40, not rounded to 0.
 *
 * Reference: Abramowitz & Stegun (1964), 26.4.2 and 6.5.3; @stdlib/math-base-special-gammainc
 * (upper = true).
 *
 * Throws StatisticsError when x < 0 or not finite, or df is not positive.
 *
 * @example
 * // df = 2 has the closed form exp(-x/2): x = 80 ln 10 gives exactly 1e-40
 * chiSquareUpperTail(80 * Math.LN10, 2) // 1e-40
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!Number.isFinite(x) || x < 0) throw new StatisticsError(`chi-square statistic must be finite and >= 0, got ${x}`);
  if (!(df > 0)) throw new StatisticsError(`degrees of freedom must be > 0, got ${df}`);
  return gammainc(x / 2, df / 2, true, true);
}
