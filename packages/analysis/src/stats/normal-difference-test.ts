import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { StatisticsError } from '../errors/statistics-error.js';
import { confidenceZ } from './confidence-z.js';

export interface NormalDifferenceTest {
  /** estimateB - estimateA. */
  readonly difference: number;
  readonly interval: [number, number];
  readonly z: number;
  /** Two-sided. */
  readonly pValue: number;
}

/**
 * Large-sample (Wald) comparison of two independent estimates with known variances, used for
 * ratio metrics whose variances come from the delta method:
 *
 *   d = B - A,   SE = sqrt(Var A + Var B),   z = d / SE,   p = 2 Phi(-|z|),   d +- z_{1-a/2} SE
 *
 * Reference: Deng, Knoblich & Lu (2018), KDD, section 3; Casella & Berger (2nd ed.), 10.3.
 *
 * Throws StatisticsError when an estimate is not finite, a variance is negative, both variances
 * are 0, or the level is outside (0, 1).
 *
 * @example normalDifferenceTest(1, 0.01, 1.3, 0.01) // { difference: 0.3, z: 2.121320344, pValue: 0.033894854, interval: [0.022819235, 0.577180765] }
 */
export function normalDifferenceTest(estimateA: number, varianceA: number, estimateB: number, varianceB: number, level = 0.95): NormalDifferenceTest {
  if (!Number.isFinite(estimateA) || !Number.isFinite(estimateB)) throw new StatisticsError('estimates must be finite');
  if (!(varianceA >= 0) || !(varianceB >= 0)) throw new StatisticsError('variances must be >= 0');
  const se = Math.sqrt(varianceA + varianceB);
  if (se === 0) throw new StatisticsError('both variances are 0; the test is undefined');
  const difference = estimateB - estimateA;
  const z = difference / se;
  const half = confidenceZ(level) * se;
  return { difference, interval: [difference - half, difference + half], z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)) };
}
