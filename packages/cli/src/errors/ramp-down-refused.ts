import { CliError, ExitCode } from './cli-error.js';

/**
 * A `set-stage` / `set-percentage` that would take access away, without `--allow-ramp-down`.
 * Exit 1 (a documented negative outcome): nothing was written.
 */
export class RampDownRefused extends CliError {
  constructor(message: string) {
    super('RAMP_DOWN_REFUSED', message, ExitCode.NEGATIVE);
  }
}
