import { AnalysisError } from './analysis-error.js';

/**
 * A statistics function was called with arguments outside its domain (a negative count,
 * more successes than trials, a confidence level outside (0, 1)). Thrown, never returned as null.
 */
export class StatisticsError extends AnalysisError {
  constructor(message: string) {
    super('INVALID_STATISTICS_INPUT', message);
    this.name = 'StatisticsError';
  }
}
