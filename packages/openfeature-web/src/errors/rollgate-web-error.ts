/** What went wrong, as a stable string an app can switch on. */
export type RollgateWebErrorCode =
  | 'INVALID_OPTIONS'
  | 'DEFINITIONS_UNAVAILABLE'
  | 'DEFINITIONS_REJECTED'
  | 'FETCH_FAILED'
  | 'STORAGE_FAILED'
  | 'CAPTURE_FAILED'
  | 'TRACK_FAILED';

/**
 * The one base class of every error the web provider raises or reports. Only `InvalidOptionsError`
 * is thrown at the app (from the constructor); the others reach `onError` or the OpenFeature
 * PROVIDER_ERROR / PROVIDER_STALE events, and evaluation keeps serving the last good definitions
 * or the code's defaults.
 */
export class RollgateWebError extends Error {
  constructor(
    readonly code: RollgateWebErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`rollgate-web [${code}]: ${message}`, options);
    this.name = new.target.name;
  }
}
