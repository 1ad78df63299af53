import { StatisticsError } from '../errors/statistics-error.js';

/** Per-variant sums over units of a ratio metric's numerator X and denominator Y. */
export interface RatioSums {
  readonly n: number;
  readonly sumX: number;
  readonly sumY: number;
  readonly sumX2: number;
  readonly sumY2: number;
  readonly sumXY: number;
}

export interface RatioEstimate {
  /** sum(X) / sum(Y). */
  readonly ratio: number;
  /** Delta-method variance of the ratio. */
  readonly variance: number;
}

/**
 * A ratio metric sum(X)/sum(Y) over units (e.g. revenue per session, where sessions per unit
 * vary) and its delta-method variance, which accounts for X and Y being correlated within a
 * unit (treating events as independent would understate the variance):
 *
 *   R = mean(X) / mean(Y)
 *   Var(R) ~= ( Var(X) - 2 R Cov(X, Y) + R^2 Var(Y) ) / ( n mean(Y)^2 )
 *
 * with sample (n - 1) variances and covariance from the sums.
 *
 * Reference: Deng, Knoblich & Lu (2018), "Applying the Delta Method in Metric Analytics", KDD,
 * equation (4).
 *
 * Throws StatisticsError when n < 2, a sum is not finite, or sum(Y) is 0.
 *
 * @example
 * // X = (1, 2, 3), Y = (1, 1, 2): R = 1.5, Var = (1 - 2*1.5*0.5 + 2.25*(1/3)) / (3 * (4/3)^2)
 * ratioMetric({ n: 3, sumX: 6, sumY: 4, sumX2: 14, sumY2: 6, sumXY: 9 }) // { ratio: 1.5, variance: 0.046875 }
 */
export function ratioMetric(s: RatioSums): RatioEstimate {
  if (!Number.isInteger(s.n) || s.n < 2) throw new StatisticsError(`ratio metric needs n >= 2 units, got ${s.n}`);
  for (const key of ['sumX', 'sumY', 'sumX2', 'sumY2', 'sumXY'] as const) {
    if (!Number.isFinite(s[key])) throw new StatisticsError(`ratio metric: ${key} must be finite, got ${s[key]}`);
  }
  if (s.sumY === 0) throw new StatisticsError('ratio metric is undefined: the denominator sums to 0');
  const n = s.n;
  const meanX = s.sumX / n;
  const meanY = s.sumY / n;
  const varX = (s.sumX2 - n * meanX * meanX) / (n - 1);
  const varY = (s.sumY2 - n * meanY * meanY) / (n - 1);
  const cov = (s.sumXY - n * meanX * meanY) / (n - 1);
  const ratio = meanX / meanY;
  const variance = Math.max(0, (varX - 2 * ratio * cov + ratio * ratio * varY) / (n * meanY * meanY));
  return { ratio, variance };
}
