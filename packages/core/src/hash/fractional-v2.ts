// flagd's "fractional-v2" bucketing: which weighted bucket a 32-bit hash falls in, in integers.

/** The algorithm's name, recorded in traces and docs; a future change gets a new name. */
export const FRACTIONAL_ALGORITHM = 'fractional-v2';

/** flagd rejects a weight sum above Go's MaxInt32, so every implementation buckets alike. */
export const FRACTIONAL_MAX_TOTAL_WEIGHT = 2147483647;

/**
 * The bucket value of `fractional-v2`: `floor(hash * totalWeight / 2^32)`, computed exactly.
 *
 * flagd defines it as `(uint64(hash) * uint64(totalWeight)) >> 32` (flagd-core does the same with
 * BigInt). The product needs up to 63 bits, beyond a double's 53, so it is split into 16-bit halves
 * to stay exact without BigInt (which would allocate on every evaluation):
 * `hash = hi * 2^16 + lo`; `hi * w = a1 * 2^16 + a0`; then
 * `floor(hash * w / 2^32) = a1 + floor((a0 * 2^16 + lo * w) / 2^32)`, every term below 2^53.
 *
 * The variant is the first bucket whose running weight sum exceeds the value.
 *
 * @param hash unsigned 32-bit MurmurHash3 x86_32 of the bucketing string
 * @param totalWeight sum of the (non-negative, integer) weights, at most 2^31 - 1
 * @returns an integer in `[0, totalWeight)` (0 when totalWeight is 0)
 * @example fractionalBucket(0xffffffff, 100) === 99; fractionalBucket(0x80000000, 100) === 50
 */
export function fractionalBucket(hash: number, totalWeight: number): number {
  const hi = hash >>> 16;
  const lo = hash & 0xffff;
  const a = hi * totalWeight;
  const a1 = Math.floor(a / 65536);
  const a0 = a - a1 * 65536;
  return a1 + Math.floor((a0 * 65536 + lo * totalWeight) / 4294967296);
}
