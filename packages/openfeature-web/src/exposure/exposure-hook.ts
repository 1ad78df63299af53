// Logs a `$feature_flag_called` exposure after an evaluation the app shows to the user, and
// captures `client.track(...)` events attributed to the variants that user was shown.
import { buildExposureEvent, exposureDedupKey, exposureResponse, LruSet, posthogResponse, trackedEventProperties, type ExposureProperties, type FlagType, type JsonValue } from '@rollgate/core';
import type { EvaluationDetails, FlagValue, Hook, HookContext, HookHints, TrackingEventDetails } from '@openfeature/web-sdk';
import { CaptureFailedError } from '../errors/capture-failed-error.js';
import type { RollgateWebError } from '../errors/rollgate-web-error.js';
import { TrackFailedError } from '../errors/track-failed-error.js';
import { ExposedFlags } from './exposed-flags.js';

/** posthog-js's `posthog.capture(event, properties)` fits as is. */
export type CaptureCallback = (event: string, properties: ExposureProperties) => void;

/** The hook hint that marks a read as not shown to the user: `{ hookHints: { exposure: false } }`. */
export const EXPOSURE_HINT = 'exposure';

/** Distinct ids whose exposures `track` remembers (a page has one or two: anonymous, then identified). */
const TRACKED_UNITS = 16;
/** Flags remembered per distinct id; a new one beyond this replaces the oldest. */
const FLAGS_PER_UNIT = 200;

export interface ExposureHookOptions {
  capture: CaptureCallback;
  /** Distinct id of a context; `''` leaves identity to the capture callback. */
  distinctId: (context: Readonly<Record<string, unknown>>) => string;
  dedupCapacity: number;
  onError: (error: RollgateWebError) => void;
  /**
   * The compiled type of a flag when the definitions held are PostHog's, else undefined: such a
   * flag is exposed with PostHog's own value (`posthogResponse`: `false` where no condition
   * matched), as posthog-js sends it, never with the caller's default.
   */
  posthogFlagType: (flagKey: string) => FlagType | undefined;
}

/**
 * Runs in the `after` stage, so only successful evaluations count (an error, a missing flag or a
 * disabled one exposes nothing). Once per (flag, variant, distinct id) for the life of the page;
 * the callback is called synchronously and a throwing callback is reported, never propagated to
 * the read.
 */
export class ExposureHook implements Hook {
  private readonly seen: LruSet;
  private readonly exposed = new ExposedFlags(TRACKED_UNITS, FLAGS_PER_UNIT);

  constructor(private readonly options: ExposureHookOptions) {
    this.seen = new LruSet(options.dedupCapacity);
  }

  after(hookContext: Readonly<HookContext<FlagValue>>, details: EvaluationDetails<FlagValue>, hints?: HookHints): void {
    if (hints !== undefined && hints[EXPOSURE_HINT] === false) return;
    // A disabled flag answers the code's default: nobody was assigned anything (as on the server).
    if (details.reason === 'DISABLED') return;
    const posthogType = this.options.posthogFlagType(details.flagKey);
    const input = {
      flagKey: details.flagKey,
      distinctId: this.options.distinctId(hookContext.context),
      value: posthogType === undefined ? (details.value as JsonValue) : posthogResponse(posthogType, details.variant),
      variant: details.variant,
      reason: details.reason,
      flagMetadata: details.flagMetadata,
    };
    // Every shown read, repeats included: `track` attributes to the response shown last.
    this.exposed.remember(input.distinctId, input.flagKey, exposureResponse(input));
    if (!this.seen.add(exposureDedupKey(input))) return;
    const event = buildExposureEvent(input);
    try {
      this.options.capture(event.event, event.properties);
    } catch (cause) {
      this.options.onError(new CaptureFailedError(details.flagKey, { cause }));
    }
  }

  /**
   * `client.track(eventName, details)`: captures `eventName` with the details (OpenFeature's
   * optional numeric `value` and custom attributes) plus `$feature/<key>` for every flag this
   * distinct id was shown on this page and `$active_feature_flags` (see `trackedEventProperties`
   * in @rollgate/core), so a conversion attributes to the variant the user saw. A bad event name or
   * a throwing capture is reported as TrackFailedError, never thrown at the app.
   */
  track(eventName: string, context: Readonly<Record<string, unknown>>, details: TrackingEventDetails | undefined): void {
    if (typeof eventName !== 'string' || eventName === '') {
      this.options.onError(new TrackFailedError(eventName, 'the event name must be a non-empty string'));
      return;
    }
    try {
      const properties = trackedEventProperties(details, this.exposed.recall(this.options.distinctId(context)));
      this.options.capture(eventName, properties);
    } catch (cause) {
      this.options.onError(new TrackFailedError(eventName, `capture threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause }));
    }
  }

  /** Forget what was captured and shown (a new page session, e.g. after logout in a single-page app). */
  reset(): void {
    this.seen.clear();
    this.exposed.clear();
  }
}
