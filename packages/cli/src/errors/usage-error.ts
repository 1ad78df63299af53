import { CliError } from './cli-error.js';

/** Wrong options or arguments; the message ends with a pointer to `--help`. */
export class UsageError extends CliError {
  constructor(message: string, command?: string) {
    super('USAGE', `${message}\n(see: rollgate ${command ? `${command} ` : ''}--help)`);
  }
}
