import { checkCounts } from './check-counts.js';
import { confidenceZ } from './confidence-z.js';

/**
 * Wilson score interval for a binomial proportion p = x / n (no continuity correction):
 *
 *   center = (p + z^2 / 2n) / (1 + z^2 / n)
 *   half   = z / (1 + z^2 / n) * sqrt( p (1 - p) / n + z^2 / 4n^2 )
 *   [center - half, center + half],   z = Phi^-1(1 - (1 - level) / 2)
 *
 * Unlike the Wald interval it stays inside [0, 1] and keeps close to nominal coverage for small n
 * or p near 0 or 1, which is common for conversion rates.
 *
 * Reference: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical
 * inference", JASA 22(158); Brown, Cai & DasGupta (2001), Statistical Science 16(2).
 *
 * Throws StatisticsError for non-integer or out-of-range counts, trials < 1, or a level outside (0, 1).
 *
 * @example
 * // R: binom::binom.confint(18, 20, methods = "wilson")
 * wilsonInterval(18, 20) // [0.6989663547715128, 0.972133518786232]
 */
export function wilsonInterval(successes: number, trials: number, level = 0.95): [number, number] {
  checkCounts(successes, trials);
  const z = confidenceZ(level);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  // At x = 0 (x = n) the bound is exactly 0 (1); computed, it is off by rounding only.
  return [successes === 0 ? 0 : Math.max(0, center - half), successes === trials ? 1 : Math.min(1, center + half)];
}
