import { StatisticsError } from '../errors/statistics-error.js';
import { confidenceZ } from './confidence-z.js';

export interface RelativeLift {
  /** mB / mA - 1, as a fraction (0.05 = +5%). */
  readonly estimate: number;
  readonly interval: [number, number];
}

/**
 * Relative lift of B over A from two independent group means (a conversion rate is a mean of
 * 0/1), with a delta-method interval. For R = mB / mA:
 *
 *   Var(R) ~= Var(mB) / mA^2 + mB^2 Var(mA) / mA^4
 *   lift = R - 1,   interval = lift +- z sqrt(Var(R))
 *
 * where Var(m) is the variance of the group MEAN (p(1 - p)/n for a proportion, s^2/n for a mean).
 *
 * Reference: Deng, Knoblich & Lu (2018), "Applying the Delta Method in Metric Analytics", KDD,
 * section 3; Casella & Berger, "Statistical Inference" (2nd ed.), 5.5.4.
 *
 * Throws StatisticsError when mA is 0 (the ratio is undefined), a variance is negative or not
 * finite, or the level is outside (0, 1).
 *
 * @example
 * // control 100/1000, test 120/1000: Var = 0.1*0.9/1000, 0.12*0.88/1000
 * relativeLift(0.1, 0.00009, 0.12, 0.0001056) // { estimate: 0.2, interval: [-0.100584616, 0.500584616] }
 */
export function relativeLift(meanA: number, varianceOfMeanA: number, meanB: number, varianceOfMeanB: number, level = 0.95): RelativeLift {
  if (!Number.isFinite(meanA) || meanA === 0) throw new StatisticsError(`relative lift is undefined when the control mean is ${meanA}`);
  if (!Number.isFinite(meanB)) throw new StatisticsError(`treatment mean must be finite, got ${meanB}`);
  for (const v of [varianceOfMeanA, varianceOfMeanB]) {
    if (!Number.isFinite(v) || v < 0) throw new StatisticsError(`variance of a mean must be finite and >= 0, got ${v}`);
  }
  const ratio = meanB / meanA;
  const variance = varianceOfMeanB / (meanA * meanA) + (meanB * meanB * varianceOfMeanA) / meanA ** 4;
  const half = confidenceZ(level) * Math.sqrt(variance);
  return { estimate: ratio - 1, interval: [ratio - 1 - half, ratio - 1 + half] };
}
