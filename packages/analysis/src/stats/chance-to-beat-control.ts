import betaln from '@stdlib/math-base-special-betaln';
import { checkCounts } from './check-counts.js';

/**
 * Probability that the treatment's true rate exceeds the control's, P(pT > pC), with independent
 * Beta(1, 1) (uniform) priors, so the posteriors are pC ~ Beta(aC, bC), pT ~ Beta(aT, bT) with
 * a = conversions + 1, b = units - conversions + 1. Computed EXACTLY by the closed form
 *
 *   P(pT > pC) = sum_{i=0}^{aT-1} B(aC + i, bC + bT) / ( (bT + i) B(1 + i, bT) B(aC, bC) )
 *
 * (no simulation, so the answer is the same on every run to ~1e-12). The first term is taken in
 * log space with log-beta; each next term from the previous by the ratio
 *   t_{i+1} / t_i = (aC + i)(bT + i) / ( (aC + bC + bT + i)(1 + i) ),
 * summed in log space so that no term underflows. Cost is O(min(aC, aT)): the sum runs over the
 * smaller posterior, using P(pT > pC) = 1 - P(pC > pT) (ties have probability 0).
 *
 * Reference: Evan Miller (2015), "Formulas for Bayesian A/B Testing"
 * (https://www.evanmiller.org/bayesian-ab-testing.html); J. D. Cook (2005), "Exact calculation of
 * beta inequalities", UT MD Anderson technical report.
 *
 * Throws StatisticsError for invalid counts (see checkCounts).
 *
 * @example
 * // Beta(2, 1) vs Beta(1, 2): integral of 2x (1 - (1 - x)^2) dx = 5/6
 * chanceToBeatControl(0, 1, 1, 1) // 0.8333333333333334
 */
export function chanceToBeatControl(controlConversions: number, controlUnits: number, testConversions: number, testUnits: number): number {
  checkCounts(controlConversions, controlUnits, 'control');
  checkCounts(testConversions, testUnits, 'test');
  const aC = controlConversions + 1;
  const bC = controlUnits - controlConversions + 1;
  const aT = testConversions + 1;
  const bT = testUnits - testConversions + 1;
  if (aT <= aC) return clamp(probabilityGreater(aT, bT, aC, bC));
  return clamp(1 - probabilityGreater(aC, bC, aT, bT));
}

/** P(X > Y) for X ~ Beta(aX, bX), Y ~ Beta(aY, bY), integer aX (aX terms). */
function probabilityGreater(aX: number, bX: number, aY: number, bY: number): number {
  let logTerm = betaln(aY, bY + bX) - Math.log(bX) - betaln(1, bX) - betaln(aY, bY);
  // Log-sum-exp, streaming: total = exp(logMax) * scaled.
  let logMax = logTerm;
  let scaled = 1;
  for (let i = 0; i < aX - 1; i++) {
    logTerm += Math.log(aY + i) + Math.log(bX + i) - Math.log(aY + bY + bX + i) - Math.log(1 + i);
    if (logTerm > logMax) {
      scaled = scaled * Math.exp(logMax - logTerm) + 1;
      logMax = logTerm;
    } else scaled += Math.exp(logTerm - logMax);
  }
  return Math.exp(logMax + Math.log(scaled));
}

function clamp(p: number): number {
  return Math.min(1, Math.max(0, p));
}
