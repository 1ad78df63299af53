// MurmurHash3 x86_32 over UTF-8: published vectors, and agreement with a byte-array reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur3_32, murmur3_32_concat } from '@rollgate/core';
import { murmur3_32_continue, murmur3Prefix } from '../../src/hash/murmur3.js';

/** Straightforward reference: TextEncoder bytes, then the textbook algorithm. */
function reference(bytes: Uint8Array, seed: number): number {
  let h = seed >>> 0;
  const blocks = bytes.length - (bytes.length % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k = (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const rest = bytes.length % 4;
  if (rest >= 3) k ^= (bytes[blocks + 2] as number) << 16;
  if (rest >= 2) k ^= (bytes[blocks + 1] as number) << 8;
  if (rest >= 1) {
    k ^= bytes[blocks] as number;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

describe('murmur3_32 (MurmurHash3 x86_32, UTF-8)', () => {
  // Published test vectors for MurmurHash3_x86_32 (SMHasher's reference implementation).
  it.each([
    ['', 0, 0x00000000],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['\u0000\u0000\u0000\u0000', 0, 0x2362f9de],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['aaa', 0x9747b28c, 0x283e0130],
    ['aa', 0x9747b28c, 0x5d211726],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['abcd', 0x9747b28c, 0xf0478627],
    ['abc', 0x9747b28c, 0xc84a62dd],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
    ['ππππππππ', 0x9747b28c, 0xd58063c1],
    ['hello', 0, 0x248bfa47],
  ])('hashes %j with seed %d to the published value', (key, seed, expected) => {
    expect(murmur3_32(key, seed)).toBe(expected);
  });

  it('equals the hash of the UTF-8 bytes for any string, including astral characters and lone surrogates', () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.integer({ min: 0, max: 0xffffffff }), (s, seed) => {
        expect(murmur3_32(s, seed)).toBe(reference(encoder.encode(s), seed));
      }),
      { numRuns: 200 },
    );
    expect(murmur3_32('\ud800', 0)).toBe(reference(encoder.encode('\ufffd'), 0));
  });

  it('hashes a concatenation without building it: murmur3_32_concat(a, b) === murmur3_32(a + b)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), (a, b) => {
        // A surrogate pair split across the two parts is two lone surrogates in each part.
        const joined = murmur3_32_concat(a, b);
        const splitPair = /[\ud800-\udbff]$/.test(a) && /^[\udc00-\udfff]/.test(b);
        if (!splitPair) expect(joined).toBe(murmur3_32(a + b));
      }),
      { numRuns: 200 },
    );
  });

  it('hashes runs of ASCII that start mid-block (after 1 to 3 odd bytes) as their UTF-8 bytes', () => {
    // The four-characters-at-once path must carry a partial block across words: mix ASCII with
    // 2-, 3- and 4-byte characters so runs start at every offset within a block.
    const encoder = new TextEncoder();
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', '-', '7', 'é', '€', '😀'), maxLength: 40 });
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 0xffffffff }), (a, b, seed) => {
        const expected = reference(encoder.encode(a + b), seed);
        expect(murmur3_32(a + b, seed)).toBe(expected);
        expect(murmur3_32_concat(a, b, seed)).toBe(expected);
        expect(murmur3_32_continue(murmur3Prefix(a, seed), b)).toBe(expected);
      }),
      { numRuns: 300 },
    );
    expect(murmur3_32_continue(murmur3Prefix('fast-provision'), 'user-1-abcdefgh')).toBe(murmur3_32('fast-provisionuser-1-abcdefgh'));
  });

  it('returns an unsigned 32-bit integer', () => {
    for (const key of ['x', 'user-1', 'fractional-flagjack']) {
      const h = murmur3_32(key);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
    }
  });
});

describe('murmur3 prefix state', () => {
  it('murmur3_32_continue(murmur3Prefix(a), b) === murmur3_32(a + b), for prefixes of every length mod 4', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: 0, max: 0xffffffff }), (a, b, seed) => {
        expect(murmur3_32_continue(murmur3Prefix(a, seed), b)).toBe(murmur3_32(a + b, seed));
      }),
      { numRuns: 300 },
    );
    expect(murmur3_32_continue(murmur3Prefix('new-checkout'), 'user-1')).toBe(0x747a0f51);
  });
});
