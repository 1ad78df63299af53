// Logs a `$feature_flag_called` exposure after an evaluation the app shows to the user.
import { buildExposureEvent, exposureDedupKey, LruSet, type ExposureProperties, type JsonValue } from '@rollgate/core';
import type { EvaluationDetails, FlagValue, Hook, HookContext, HookHints } from '@openfeature/web-sdk';
import { CaptureFailedError } from '../errors/capture-failed-error.js';
import type { RollgateWebError } from '../errors/rollgate-web-error.js';

/** posthog-js's `posthog.capture(event, properties)` fits as is. */
export type CaptureCallback = (event: string, properties: ExposureProperties) => void;

/** The hook hint that marks a read as not shown to the user: `{ hookHints: { exposure: false } }`. */
export const EXPOSURE_HINT = 'exposure';

export interface ExposureHookOptions {
  capture: CaptureCallback;
  /** Distinct id of a context; `''` leaves identity to the capture callback. */
  distinctId: (context: Readonly<Record<string, unknown>>) => string;
  dedupCapacity: number;
  onError: (error: RollgateWebError) => void;
}

/**
 * Runs in the `after` stage, so only successful evaluations count (an error or a missing flag
 * exposes nothing). Once per (flag, variant, distinct id) for the life of the page; the callback
 * is called synchronously and a throwing callback is reported, never propagated to the read.
 */
export class ExposureHook implements Hook {
  private readonly seen: LruSet;

  constructor(private readonly options: ExposureHookOptions) {
    this.seen = new LruSet(options.dedupCapacity);
  }

  after(hookContext: Readonly<HookContext<FlagValue>>, details: EvaluationDetails<FlagValue>, hints?: HookHints): void {
    if (hints !== undefined && hints[EXPOSURE_HINT] === false) return;
    const input = {
      flagKey: details.flagKey,
      distinctId: this.options.distinctId(hookContext.context),
      value: details.value as JsonValue,
      variant: details.variant,
      reason: details.reason,
      flagMetadata: details.flagMetadata,
    };
    if (!this.seen.add(exposureDedupKey(input))) return;
    const event = buildExposureEvent(input);
    try {
      this.options.capture(event.event, event.properties);
    } catch (cause) {
      this.options.onError(new CaptureFailedError(details.flagKey, { cause }));
    }
  }

  /** Forget what was captured (a new page session, e.g. after logout in a single-page app). */
  reset(): void {
    this.seen.clear();
  }
}
