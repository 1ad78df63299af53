import { OpenFeatureError, type ErrorCode } from '@openfeature/server-sdk';

/**
 * What `initialize` throws when `failOpen: false` and no document could be served. Its `code`
 * tells the SDK whether the provider is FATAL (401/403) or merely in ERROR (may recover).
 */
export class ProviderInitError extends OpenFeatureError {
  readonly code: ErrorCode;

  constructor(message: string, fatal: boolean) {
    super(message);
    Object.setPrototypeOf(this, ProviderInitError.prototype);
    this.name = 'ProviderInitError';
    this.code = (fatal ? 'PROVIDER_FATAL' : 'GENERAL') as ErrorCode;
  }
}
