import { StatisticsError } from '../errors/statistics-error.js';

/** Throws unless `successes` and `trials` are integers with 0 <= successes <= trials and trials >= 1. */
export function checkCounts(successes: number, trials: number, what = 'group'): void {
  if (!Number.isInteger(trials) || trials < 1) throw new StatisticsError(`${what}: trials must be a positive integer, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new StatisticsError(`${what}: successes must be an integer in [0, ${trials}], got ${successes}`);
  }
}
