// The `$feature_flag_called` record: the one shape every Rollgate shell (web provider, server hook,
// JSON-lines sink) emits, so exposures from the browser and the server join in one analysis.
import type { FlagMetadata, FlagType, JsonValue } from '../types.js';

/** PostHog's event name for "this unit was shown this flag's value". */
export const EXPOSURE_EVENT = '$feature_flag_called';

/** What an exposure is built from: one used evaluation, for one unit. */
export interface ExposureInput {
  flagKey: string;
  /**
   * The unit that saw the value: the context's targeting key, or the install id. The web provider
   * passes `''` for an anonymous context, leaving identity to the capture callback (posthog-js).
   */
  distinctId: string;
  /** The resolved value the app used. */
  value: JsonValue;
  /** The variant name; absent when the caller's default was used or the flag has no variants. */
  variant?: string | undefined;
  /** OpenFeature reason (`TARGETING_MATCH`, `SPLIT`, `STATIC`, ...). */
  reason?: string | undefined;
  /** Flag metadata; `version` and `id` keys become `$feature_flag_version` / `$feature_flag_id`. */
  flagMetadata?: FlagMetadata | undefined;
  /** Epoch milliseconds; omitted from the record when absent (a sink stamps its own clock). */
  timestamp?: number | undefined;
}

export type ExposureProperties = Record<string, JsonValue>;

export interface ExposureEvent {
  event: typeof EXPOSURE_EVENT;
  distinctId: string;
  properties: ExposureProperties;
  /** ISO 8601 UTC, present only when the input carried a timestamp. */
  timestamp?: string;
}

/**
 * Builds the `$feature_flag_called` record for one used evaluation. Pure: no clock, no ids, no
 * I/O, so the same inputs give the same record on every shell and in tests.
 *
 * `$feature_flag_response` (and `$feature/<key>`, the property PostHog's experiment analysis
 * splits on) is the variant name, or the value itself for a result without a variant.
 *
 * @example
 * buildExposureEvent({ flagKey: 'cta', distinctId: 'u1', value: 'card', variant: 'card', reason: 'SPLIT' })
 * // { event: '$feature_flag_called', distinctId: 'u1', properties: { $feature_flag: 'cta',
 * //   $feature_flag_response: 'card', '$feature/cta': 'card', $feature_flag_reason: 'SPLIT' } }
 */
export function buildExposureEvent(input: ExposureInput): ExposureEvent {
  const response = exposureResponse(input);
  const properties: ExposureProperties = {
    $feature_flag: input.flagKey,
    $feature_flag_response: response,
    [`$feature/${input.flagKey}`]: response,
  };
  if (input.reason !== undefined) properties.$feature_flag_reason = input.reason;
  const metadata = input.flagMetadata;
  if (metadata !== undefined) {
    const version = metadata.version;
    if (version !== undefined) properties.$feature_flag_version = version;
    const id = metadata.id;
    if (id !== undefined) properties.$feature_flag_id = id;
    const keys = Object.keys(metadata);
    if (keys.length > 0) {
      // Sorted so the record is byte-identical whatever order the metadata was written in.
      const copy: Record<string, JsonValue> = {};
      for (const key of keys.sort()) copy[key] = metadata[key] as JsonValue;
      properties.$feature_flag_metadata = copy;
    }
  }
  const event: ExposureEvent = { event: EXPOSURE_EVENT, distinctId: input.distinctId, properties };
  if (input.timestamp !== undefined) event.timestamp = new Date(input.timestamp).toISOString();
  return event;
}

/**
 * The variant name, or the value for a result without a variant. A boolean whose variant is just
 * its own spelling (`"true"`/`"false"`, as PostHog's boolean flags compile) is sent as the
 * boolean, as PostHog's SDKs send it, so `$feature/<key>` compares equal across SDKs.
 */
export function exposureResponse(input: Pick<ExposureInput, 'value' | 'variant'>): JsonValue {
  const { value, variant } = input;
  if (variant === undefined) return value;
  if (typeof value === 'boolean' && variant === String(value)) return value;
  return variant;
}

/**
 * PostHog's own value for an answer of a PostHog flag (`compilePosthog` or `compilePosthogRemote`),
 * the value posthog-node sends as `$feature_flag_response`: `false` when the answer has no variant
 * (no condition matched: the caller's default was served, whatever it is), the boolean for a
 * boolean flag's `"true"`/`"false"` (whichever type it was read as), else the variant key (a
 * holdout's `holdout-<id>` included). `flagType` is the compiled flag's own type.
 *
 * @example posthogResponse('string', undefined) // false
 * @example posthogResponse('boolean', 'true') // true
 */
export function posthogResponse(flagType: FlagType, variant: string | undefined): boolean | string {
  if (variant === undefined) return false;
  if (flagType === 'boolean' && (variant === 'true' || variant === 'false')) return variant === 'true';
  return variant;
}
