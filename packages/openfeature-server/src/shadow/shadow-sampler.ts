// Which evaluations are compared: reproducible, so the same user is compared on every run.
import { murmur3_32 } from '@rollgate/core';

const TWO_TO_32 = 4294967296;

/**
 * Deterministic sampling: an evaluation with a targeting key is compared when
 * `murmur3_32(flag + "\u0000" + key, seed) / 2^32 < rate`, so the same flag and key are always in or
 * always out of the sample (a divergence can be reproduced, and a user's comparisons form a
 * complete history). Contexts without a key draw from a seeded generator (mulberry32), so a run is
 * reproducible given the same order of evaluations. Rate 1 compares everything, 0 nothing.
 */
export class ShadowSampler {
  private state: number;

  constructor(
    readonly rate: number,
    readonly seed: number,
  ) {
    this.state = seed >>> 0;
  }

  sampled(flagKey: string, targetingKey: string | undefined): boolean {
    const rate = this.rate;
    if (rate >= 1) return true;
    if (rate <= 0) return false;
    if (targetingKey !== undefined) return murmur3_32(`${flagKey}\u0000${targetingKey}`, this.seed) / TWO_TO_32 < rate;
    return this.next() < rate;
  }

  /** mulberry32 (Tommy Ettinger, public domain): a 32-bit state, uniform in [0, 1). */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_TO_32;
  }
}
