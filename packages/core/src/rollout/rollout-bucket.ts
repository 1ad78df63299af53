// The rollout's bucketing: a unit's fixed place in [0, 10000) basis points for one flag.
import { fractionalBucket } from '../hash/fractional-v2.js';
import { murmur3_32_concat } from '../hash/murmur3.js';

/** Basis points in 100%: percentages are integers of 0.01%. */
export const BASIS_POINTS = 10_000;

/** Recorded in traces; a change to the formula gets a new name (old buckets must stay reproducible). */
export const ROLLOUT_BUCKET_ALGORITHM = 'rollout-v1';

/**
 * A unit's bucket for a flag: `floor(murmur3_x86_32(utf8(salt + "/" + unit)) * 10000 / 2^32)`.
 *
 * The unit is let in at `p` basis points iff `bucket < p`. The bucket depends only on salt and unit,
 * never on `p`, so raising `p` only adds units: ramps are monotonic (whoever is in at 5% is in at
 * 25%). The salt (the flag key by default) makes flags bucket independently. The `/` separator
 * keeps `("ab","c")` and `("a","bc")` apart.
 *
 * @param saltPrefix the salt followed by `/` (precomputed at compile time)
 * @param unit the bucketing attribute's value as a string (a number is formatted with String())
 * @returns an integer in [0, 10000)
 * @example rolloutBucket('new-area/', 'acme') // the test pins the value
 */
export function rolloutBucket(saltPrefix: string, unit: string): number {
  return fractionalBucket(murmur3_32_concat(saltPrefix, unit), BASIS_POINTS);
}
