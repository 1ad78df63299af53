import { RollgateWebError } from './rollgate-web-error.js';

/**
 * The definitions cache could not be used: storage unavailable (access throws), full
 * (QuotaExceededError), or holding a corrupt entry. Reported through `onError`; never breaks
 * evaluation: a read failure is a cache miss, a write failure keeps serving from memory.
 */
export class StorageFailedError extends RollgateWebError {
  constructor(
    readonly operation: 'access' | 'read' | 'write' | 'corrupt',
    readonly key: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('STORAGE_FAILED', `${operation} \`${key}\`: ${message}`, options);
  }
}
