import { StatisticsError } from '../errors/statistics-error.js';

/**
 * Runs a statistic; when its input is outside the domain (StatisticsError: too few units, zero
 * variance, a control rate of 0 for a relative lift) returns null and records why, so one
 * undefined number never hides the rest of the result.
 */
export function guarded<T>(warnings: string[], context: string, compute: () => T): T | null {
  try {
    return compute();
  } catch (err) {
    if (err instanceof StatisticsError) {
      warnings.push(`${context}: ${err.message}`);
      return null;
    }
    throw err;
  }
}
