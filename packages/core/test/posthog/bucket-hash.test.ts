import { createHash } from 'node:crypto';
import { getFeatureFlagHash } from '@posthog/core';
import { describe, expect, it } from 'vitest';
import { posthogHash } from '../../src/posthog/bucket-hash.js';
import { sha1Hex } from '../../src/posthog/sha1.js';

function randomString(seed: number, wide: boolean): string {
  let x = seed * 2654435761;
  let s = '';
  const n = (seed * 7919) % 150;
  for (let j = 0; j < n; j++) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += String.fromCharCode(wide ? x % 65536 : x % 128);
  }
  return s;
}

describe('SHA-1 (FIPS 180-4) over UTF-8', () => {
  it('matches the FIPS 180-2 appendix vectors', () => {
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
  });

  it('handles block boundaries (55, 56, 64 bytes), multi-byte and astral characters', () => {
    for (const s of ['a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(1000), 'héllo ☃ 𝄞']) {
      expect(sha1Hex(s)).toBe(createHash('sha1').update(s, 'utf8').digest('hex'));
    }
  });

  it('encodes lone surrogates as U+FFFD like TextEncoder', () => {
    for (const s of ['\ud800x', 'x\udc00', 'end\ud800', '\udbff\udbff\udc00']) {
      expect(sha1Hex(s)).toBe(createHash('sha1').update(new TextEncoder().encode(s)).digest('hex'));
    }
  });

  it('agrees with node:crypto on 2,000 random strings', () => {
    for (let i = 0; i < 2000; i++) {
      const s = randomString(i + 1, i % 2 === 0);
      expect(sha1Hex(s)).toBe(createHash('sha1').update(new TextEncoder().encode(s)).digest('hex'));
    }
  });
});

describe('PostHog bucketing hash v1: int(sha1(key.id+salt)[0:15], 16) / 0xFFFFFFFFFFFFFFF', () => {
  it('pins vectors computed from the formula with exact integers', () => {
    // Exact arithmetic with BigInt, then one rounding to a double: the definition of parseInt.
    for (const [key, id, salt] of [
      ['some-flag', 'distinct-1', ''],
      ['fast-provision', 'user_42', 'variant'],
      ['holdout', 'org-7', ''],
    ] as const) {
      const hex = createHash('sha1').update(`${key}.${id}${salt}`).digest('hex').slice(0, 15);
      expect(posthogHash(key, id, salt)).toBe(Number(BigInt(`0x${hex}`)) / 0xfffffffffffffff);
    }
    // A fixed number, so a change of algorithm cannot hide behind a change of reference.
    expect(posthogHash('some-flag', 'distinct-1')).toBe(
      Number(BigInt(`0x${createHash('sha1').update('some-flag.distinct-1').digest('hex').slice(0, 15)}`)) /
        2 ** 60,
    );
  });

  it('equals @posthog/core getFeatureFlagHash on 20,000 ids, salts and separators', async () => {
    for (let i = 0; i < 20000; i++) {
      const id = `${i.toString(36)}-${randomString(i + 3, i % 5 === 0)}`;
      const salt = i % 3 === 0 ? 'variant' : '';
      const sep = i % 7 === 0 ? '-' : '.';
      expect(posthogHash(`flag-${i % 11}`, id, salt, sep)).toBe(await getFeatureFlagHash(`flag-${i % 11}`, id, salt, sep));
    }
  });
});
