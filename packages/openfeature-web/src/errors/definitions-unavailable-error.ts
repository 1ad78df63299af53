import { RollgateWebError } from './rollgate-web-error.js';

/**
 * No definitions can serve the current context (no bootstrap for it, no usable cache, the URL
 * failed). Rejects `initialize` / `onContextChange`, so the SDK emits PROVIDER_ERROR; evaluations
 * return the code's defaults with error code GENERAL until a refresh succeeds.
 */
export class DefinitionsUnavailableError extends RollgateWebError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DEFINITIONS_UNAVAILABLE', message, options);
  }
}
