import { RollgateWebError } from './rollgate-web-error.js';

/** A provider option has the wrong type or value; names the option. Thrown by the constructor. */
export class InvalidOptionsError extends RollgateWebError {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super('INVALID_OPTIONS', `option \`${option}\`: ${message}`);
  }
}
