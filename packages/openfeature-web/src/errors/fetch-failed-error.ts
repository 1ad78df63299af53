import { RollgateWebError } from './rollgate-web-error.js';

/** Fetching the definitions URL failed: network error, timeout, or a non-2xx/304 status. */
export class FetchFailedError extends RollgateWebError {
  constructor(
    readonly url: string,
    readonly detail: { status?: number; timedOut?: boolean },
    message: string,
    options?: { cause?: unknown },
  ) {
    super('FETCH_FAILED', `GET ${url}: ${message}`, options);
  }
}
