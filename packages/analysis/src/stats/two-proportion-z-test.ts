import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { checkCounts } from './check-counts.js';

export interface TwoProportionZTestResult {
  /** (pB - pA) / SE_pooled. */
  readonly z: number;
  /** Two-sided. */
  readonly pValue: number;
}

/**
 * Two-proportion z-test with the POOLED standard error (the variance under H0: pA = pB):
 *
 *   p = (xA + xB) / (nA + nB),   SE = sqrt( p (1 - p) (1/nA + 1/nB) ),   z = (xB/nB - xA/nA) / SE
 *   pValue = 2 * Phi(-|z|)
 *
 * z^2 equals Pearson's chi-square on the 2x2 table without continuity correction, so the p-value
 * equals R's `prop.test(c(xA, xB), c(nA, nB), correct = FALSE)$p.value`. The p-value is taken from
 * the lower tail, so it stays accurate far below 1e-16.
 * When both groups have no successes (or only successes) SE is 0 and there is no evidence of a
 * difference: z = 0 and pValue = 1.
 *
 * Reference: Agresti, "Categorical Data Analysis" (3rd ed., 2013), 3.1; R documentation `?prop.test`.
 *
 * Throws StatisticsError for invalid counts (see checkCounts).
 *
 * @example
 * // R: prop.test(c(73, 90), c(86, 93), correct = FALSE)$p.value (statsmodels test_proportion.py)
 * twoProportionZTest(73, 86, 90, 93).pValue // 0.00533824886503131
 */
export function twoProportionZTest(successesA: number, trialsA: number, successesB: number, trialsB: number): TwoProportionZTestResult {
  checkCounts(successesA, trialsA, 'group A');
  checkCounts(successesB, trialsB, 'group B');
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (successesB / trialsB - successesA / trialsA) / se;
  return { z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)) };
}
