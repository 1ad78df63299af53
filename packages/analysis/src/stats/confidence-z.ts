import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { StatisticsError } from '../errors/statistics-error.js';

/**
 * The two-sided standard normal critical value for a confidence level:
 *
 *   z = Phi^-1(1 - (1 - level) / 2)
 *
 * Reference: any statistics text, e.g. Agresti, "Categorical Data Analysis" (3rd ed., 2013), 1.3.
 *
 * Throws StatisticsError when level is not strictly between 0 and 1.
 *
 * @example confidenceZ(0.95) // 1.959963984540054
 */
export function confidenceZ(level: number): number {
  if (!(level > 0 && level < 1)) throw new StatisticsError(`confidence level must be in (0, 1), got ${level}`);
  return normalQuantile(1 - (1 - level) / 2, 0, 1);
}
