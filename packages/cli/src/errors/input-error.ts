import { CliError } from './cli-error.js';

/**
 * An input file or value the command cannot use: missing file, bad JSON, invalid definitions.
 * `code` names which (`FILE_NOT_FOUND`, `INVALID_JSON`, `INVALID_DEFINITIONS`, ...).
 */
export class InputError extends CliError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}
