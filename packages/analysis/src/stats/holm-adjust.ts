import { StatisticsError } from '../errors/statistics-error.js';

/**
 * Holm's step-down adjustment (controls the family-wise error rate). With p-values sorted
 * ascending p_(1) <= ... <= p_(m):
 *
 *   adj_(i) = min(1, max_{j <= i} (m - j + 1) p_(j))
 *
 * returned in the input order; reject H_i when adj_i <= alpha. Same as R's p.adjust(p, "holm").
 *
 * Reference: S. Holm (1979), "A simple sequentially rejective multiple test procedure",
 * Scandinavian Journal of Statistics 6(2).
 *
 * Throws StatisticsError when a p-value is not in [0, 1].
 *
 * @example
 * // R multtest results in statsmodels test_multi.py (res_multtest1)
 * holmAdjust([0.0000523656777208, 0.00028140506198]) // [0.0001047313554416, 0.00028140506198]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  checkPValues(pValues);
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, index], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  });
  return adjusted;
}

/** Throws unless every p-value is a number in [0, 1]. */
export function checkPValues(pValues: readonly number[]): void {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new StatisticsError(`p-value ${i} must be in [0, 1], got ${p}`);
  });
}
