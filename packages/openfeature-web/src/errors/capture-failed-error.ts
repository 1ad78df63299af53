import { RollgateWebError } from './rollgate-web-error.js';

/** The app's capture callback threw; the evaluation still returns its value. */
export class CaptureFailedError extends RollgateWebError {
  constructor(
    readonly flagKey: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? options.cause.message : String(options?.cause);
    super('CAPTURE_FAILED', `capture of the exposure to \`${flagKey}\` threw: ${reason}`, options);
  }
}
