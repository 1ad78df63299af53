/**
 * PostHog's bucketing hash, version 1 (the only one PostHog has):
 *
 *   hash(key, id, salt, sep) = int(sha1_hex(key + sep + id + salt)[0:15], 16) / 0xFFFFFFFFFFFFFFF
 *
 * a number in [0, 1]. Rollouts compare `hash(flag, id, '') > pct / 100` (excluded when
 * greater); variants read `hash(flag, id, 'variant')` against cumulative ranges; holdouts use
 * `hash('holdout', id, '', '-')`. Reference: posthog-node / @posthog/core
 * `getFeatureFlagHash` (SHA-1 over `TextEncoder` bytes, `parseInt(hex.slice(0, 15), 16) / LONG_SCALE`).
 *
 * The 15 hex digits are 60 bits, more than a double holds exactly; `parseInt` rounds the exact
 * integer to the nearest double, and `hi * 2^32 + lo` (an exact product, then one correctly
 * rounded addition) yields the same double. LONG_SCALE, 2^60 - 1, is itself the double 2^60.
 * Pinned by vectors in `test/posthog/bucket-hash.test.ts`.
 */
import { sha1Words } from './sha1.js';

// 0xFFFFFFFFFFFFFFF as a double (exactly 2^60, the rounding PostHog's own constant gets).
const LONG_SCALE = 1152921504606846976;
const TWO_32 = 4294967296;

/** PostHog's bucketing hash of `key + separator + id + salt` (see the file comment). */
export function posthogHash(key: string, id: string, salt = '', separator = '.'): number {
  const words = sha1Words(key, separator, id, salt);
  const h0 = words[0]!;
  const h1 = words[1]!;
  const hi = h0 >>> 4;
  const lo = (((h0 & 0xf) << 28) | (h1 >>> 4)) >>> 0;
  return (hi * TWO_32 + lo) / LONG_SCALE;
}
