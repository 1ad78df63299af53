import { StatisticsError } from '../errors/statistics-error.js';

/**
 * A seeded pseudo-random generator (Mulberry32, 32-bit state) returning floats in [0, 1).
 * Used wherever a statistic resamples, so the same seed gives the same interval on every machine
 * (Math.random cannot be seeded). Not cryptographic; period 2^32, ample for bootstrap indices.
 *
 * Reference: Tommy Ettinger's Mulberry32 (public domain, 2017), the constants of its published form.
 *
 * Throws StatisticsError when the seed is not a finite integer.
 *
 * @example mulberry32(1)() // 0.6270739405881613
 */
export function mulberry32(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new StatisticsError(`seed must be an integer, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
