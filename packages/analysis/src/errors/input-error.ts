import { AnalysisError } from './analysis-error.js';

/**
 * Bad input from the caller: an unreadable or unknown-format events file, a glob that matched
 * nothing, an unknown option value, a flag with no exposures. The CLI maps it to exit code 2.
 * The message names what was wrong and where (file, option, row).
 */
export class InputError extends AnalysisError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BAD_INPUT', message, options);
    this.name = 'InputError';
  }
}
