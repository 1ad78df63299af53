// The OpenFeature hook that turns used evaluations into exposure records.
import type { EvaluationDetails, FlagValue, Hook, HookContext, HookHints } from '@openfeature/server-sdk';
import { posthogResponse, type JsonValue } from '@rollgate/core';
import type { ExposureRecorder } from './exposure-recorder.js';

/** The hook hint that marks a read as not shown to the user: `{ hookHints: { exposure: false } }`. */
export const EXPOSURE_HINT = 'exposure';

/**
 * Runs in the `finally` stage (spec 4.3.8; since spec 0.8 it receives the evaluation details):
 * `finally` is the only stage that sees the details the app actually receives. An `after` hook of
 * the provider runs first among `after` hooks (spec 4.4.2), so a later hook that throws would turn
 * the answer into the default after an exposure had been logged for the variant. Here: an answer
 * with an error code (the app got its default), an override (the user chose, the experiment did
 * not assign), a disabled flag (live or served from the cache) and the kill switch expose nothing;
 * `exposure: false` opts a read out.
 * Synchronous and never throws (a `finally` hook's errors are only logged by the SDK, but the
 * recorder must not cost the caller anything either).
 */
export class ExposureHook implements Hook {
  constructor(private readonly recorder: ExposureRecorder) {}

  finally(hookContext: Readonly<HookContext<FlagValue>>, details: EvaluationDetails<FlagValue>, hints?: HookHints): void {
    const recorder = this.recorder;
    try {
      if (hints !== undefined && hints[EXPOSURE_HINT] === false) return recorder.optOut();
      const metadata = details.flagMetadata;
      // Served from the disk cache, the engine's reason (DISABLED included) is in `rollgate.reason`.
      const disabled = details.reason === 'DISABLED' || metadata?.['rollgate.reason'] === 'DISABLED';
      if (details.errorCode !== undefined || disabled || metadata?.['rollgate.override'] === true) {
        return recorder.skip();
      }
      const targetingKey = hookContext.context.targetingKey;
      // A PostHog flag is exposed with PostHog's value (`false` where the caller's default was served).
      const posthogType = recorder.posthogFlagType(details.flagKey);
      recorder.exposeParts(
        details.flagKey,
        typeof targetingKey === 'string' ? targetingKey : undefined,
        posthogType === undefined ? (details.value as JsonValue) : posthogResponse(posthogType, details.variant),
        details.variant,
        details.reason,
        metadata,
      );
    } catch (error) {
      recorder.skip(error);
    }
  }
}
