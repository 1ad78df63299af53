// The properties of a tracked event: the app's details plus the variants this unit was exposed to.
import type { JsonValue } from '../types.js';

/**
 * `details` (OpenFeature's TrackingEventDetails: an optional numeric `value` and custom
 * attributes, kept as given) plus `$feature/<key>` for every flag the unit was exposed to, and
 * `$active_feature_flags` (keys whose response is not `false`, sorted), as PostHog's own SDKs
 * attach them, so a conversion attributes to the variant the unit saw. Exposure properties win
 * over a detail of the same name: attribution must not be spoofable by a stray attribute.
 * Pure: no clock, no ids.
 *
 * @example
 * trackedEventProperties({ value: 30 }, new Map([['cta', 'card'], ['beta', false]]))
 * // { value: 30, '$feature/cta': 'card', '$feature/beta': false, $active_feature_flags: ['cta'] }
 */
export function trackedEventProperties(
  details: Readonly<Record<string, unknown>> | undefined,
  exposures: ReadonlyMap<string, JsonValue>,
): Record<string, JsonValue> {
  const properties: Record<string, JsonValue> = {};
  if (details) {
    for (const [key, value] of Object.entries(details)) {
      const json = toJson(value);
      if (json !== undefined) properties[key] = json;
    }
  }
  if (exposures.size === 0) return properties;
  const active: string[] = [];
  for (const [flagKey, response] of exposures) {
    properties[`$feature/${flagKey}`] = response;
    if (response !== false) active.push(flagKey);
  }
  properties.$active_feature_flags = active.sort();
  return properties;
}

/** JSON-safe copy of a detail value; `undefined` for what JSON cannot carry (functions, symbols). */
function toJson(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => toJson(item) ?? null);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const json = toJson(item);
      if (json !== undefined) out[key] = json;
    }
    return out;
  }
  return undefined;
}
