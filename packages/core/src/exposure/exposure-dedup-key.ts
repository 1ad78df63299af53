// The identity of an exposure for deduplication: one record per (flag, response, distinct id).
import type { ExposureInput } from './build-exposure-event.js';
import { exposureResponse } from './build-exposure-event.js';

/**
 * A string key for (flag, variant-or-value, distinct id). The parts are joined by a NUL, which
 * cannot appear in a JSON string encoding, so distinct triples never collide.
 *
 * @example
 * exposureDedupKey({ flagKey: 'cta', distinctId: 'u1', value: 'card', variant: 'card' })
 * // 'cta\u0000"card"\u0000u1'
 */
export function exposureDedupKey(input: Pick<ExposureInput, 'flagKey' | 'distinctId' | 'value' | 'variant'>): string {
  return `${input.flagKey}\u0000${JSON.stringify(exposureResponse(input))}\u0000${input.distinctId}`;
}
