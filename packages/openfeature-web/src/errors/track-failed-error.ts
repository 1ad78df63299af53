import { RollgateWebError } from './rollgate-web-error.js';

/** `client.track(...)` sent nothing: the event name was not a non-empty string, or the app's capture callback threw. */
export class TrackFailedError extends RollgateWebError {
  constructor(
    readonly eventName: unknown,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('TRACK_FAILED', `track(${typeof eventName === 'string' ? `\`${eventName}\`` : String(eventName)}) was not captured: ${reason}`, options);
  }
}
