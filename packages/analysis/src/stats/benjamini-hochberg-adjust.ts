import { checkPValues } from './holm-adjust.js';

/**
 * Benjamini-Hochberg step-up adjustment (controls the false discovery rate for independent or
 * positively dependent tests). With p-values sorted ascending p_(1) <= ... <= p_(m):
 *
 *   adj_(i) = min(1, min_{j >= i} m p_(j) / j)
 *
 * returned in the input order. Same as R's p.adjust(p, "BH").
 *
 * Reference: Y. Benjamini & Y. Hochberg (1995), "Controlling the false discovery rate: a practical
 * and powerful approach to multiple testing", JRSS B 57(1).
 *
 * Throws StatisticsError when a p-value is not in [0, 1].
 *
 * @example
 * benjaminiHochbergAdjust([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  checkPValues(pValues);
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const [p, index] = order[rank]!;
    running = Math.min(running, (m * p) / (rank + 1));
    adjusted[index] = running;
  }
  return adjusted;
}
