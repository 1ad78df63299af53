import { RollgateServerError } from './rollgate-server-error.js';

/** A provider or source option is invalid: names the option and what was wrong with it. */
export class InvalidOptionsError extends RollgateServerError {
  constructor(option: string, problem: string) {
    super('INVALID_OPTIONS', `option ${option}: ${problem}`);
    this.name = 'InvalidOptionsError';
  }
}
