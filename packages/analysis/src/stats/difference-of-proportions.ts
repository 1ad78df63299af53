import { checkCounts } from './check-counts.js';
import { confidenceZ } from './confidence-z.js';

export interface DifferenceOfProportions {
  /** pB - pA (absolute lift of B over A), as a fraction. */
  readonly estimate: number;
  readonly interval: [number, number];
}

/**
 * Absolute lift pB - pA with the UNPOOLED Wald interval (each group's own variance; the pooled
 * variance belongs to the test under H0, not to an interval around an observed difference):
 *
 *   d = pB - pA,   SE = sqrt( pA (1 - pA) / nA + pB (1 - pB) / nB ),   d +- z SE
 *
 * kept inside [-1, 1] (a difference of two rates cannot leave it; small groups can push the bare
 * Wald bounds out). This is the interval R's `prop.test(c(xB, xA), c(nB, nA), correct = FALSE)` reports.
 *
 * Reference: Agresti & Caffo (2000), "Simple and effective confidence intervals for proportions
 * and differences of proportions", The American Statistician 54(4); R documentation `?prop.test`.
 *
 * Throws StatisticsError for invalid counts or a level outside (0, 1).
 *
 * @example
 * differenceOfProportions(73, 86, 90, 93) // { estimate: 0.118904726, interval: [0.035113599, 0.202695853] }
 */
export function differenceOfProportions(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
  level = 0.95,
): DifferenceOfProportions {
  checkCounts(successesA, trialsA, 'group A');
  checkCounts(successesB, trialsB, 'group B');
  const pA = successesA / trialsA;
  const pB = successesB / trialsB;
  const se = Math.sqrt((pA * (1 - pA)) / trialsA + (pB * (1 - pB)) / trialsB);
  const z = confidenceZ(level);
  const estimate = pB - pA;
  return { estimate, interval: [Math.max(-1, estimate - z * se), Math.min(1, estimate + z * se)] };
}
