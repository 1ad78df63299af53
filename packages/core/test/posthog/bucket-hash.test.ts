import { createHash } from 'node:crypto';
import { getFeatureFlagHash } from '@posthog/core';
import { describe, expect, it } from 'vitest';
import { bucketHash, bucketValue, hashPrefix, NO_SALT, posthogHash, VARIANT_SALT } from '../../src/posthog/bucket-hash.js';
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

/** PostHog's own arithmetic on the hex text: parseInt of the first 15 hex digits over 0xFFFFFFFFFFFFFFF. */
function fromHex(h0: number, h1: number): number {
  const hex = (h0 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
  return parseInt(hex.slice(0, 15), 16) / 0xfffffffffffffff;
}

describe('bucketValue: the hex-free bucket equals parseInt(hex15, 16) / LONG_SCALE bit for bit', () => {
  it('on every rounding boundary of 53- to 60-bit prefixes (ties to even, one above, one below)', () => {
    let checked = 0;
    // N = h0 * 2^28 + (h1 >>> 4) has `bits` significant bits; a double keeps 53, so the low
    // `bits - 53` bits are rounded away: probe ties and their neighbours, with the kept last bit
    // even and odd, under many random high parts.
    let seed = 12345;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let bits = 53; bits <= 60; bits++) {
      const dropped = BigInt(Math.max(bits - 53, 0));
      const half = dropped === 0n ? 0n : 1n << (dropped - 1n);
      for (let trial = 0; trial < 400; trial++) {
        const high = (1n << BigInt(bits - 1)) | ((BigInt(next()) << 32n | BigInt(next())) & ((1n << BigInt(bits - 1)) - 1n));
        const base = (high >> dropped) << dropped; // low bits cleared; its last kept bit varies with `high`
        for (const low of [0n, half - 1n, half, half + 1n, (1n << dropped) - 1n, 1n]) {
          if (low < 0n || (dropped > 0n && low >= 1n << dropped)) continue;
          const n = base + low;
          const h0 = Number(n >> 28n) | 0;
          const h1 = ((Number(n & 0xfffffffn) << 4) | (next() & 15)) | 0;
          expect(bucketValue(h0, h1)).toBe(fromHex(h0, h1));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(15000);
  });

  it('on 300,000 random digests', () => {
    let seed = 99;
    const next = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
    for (let i = 0; i < 300000; i++) {
      const h0 = next() | 0;
      const h1 = next() | 0;
      if (bucketValue(h0, h1) !== fromHex(h0, h1)) expect(bucketValue(h0, h1)).toBe(fromHex(h0, h1));
    }
    expect(bucketValue(-1, -1)).toBe(1); // all ones: 2^60 - 1 rounds to 2^60
    expect(bucketValue(0, 15)).toBe(0);
  });
});

describe('bucketHash: one assembled block, the id packed once, equal to hashing the text', () => {
  const reference = (text: string): number =>
    Number(BigInt(`0x${createHash('sha1').update(new TextEncoder().encode(text)).digest('hex').slice(0, 15)}`)) / 2 ** 60;

  it('at every prefix, id and salt length around the one-block limit (55/56 bytes) and every alignment', () => {
    for (let keyLength = 1; keyLength <= 20; keyLength++) {
      const key = 'k'.repeat(keyLength);
      const prefix = hashPrefix(key);
      for (let idLength = 0; idLength <= 60; idLength++) {
        const id = 'abcdefghij'.repeat(7).slice(0, idLength);
        expect(bucketHash(prefix, id, NO_SALT)).toBe(reference(`${key}.${id}`));
        expect(bucketHash(prefix, id, VARIANT_SALT)).toBe(reference(`${key}.${id}variant`));
      }
    }
  });

  it('re-encodes the distinct id when it changes, whatever string object carries it', () => {
    const a = hashPrefix('flag-a'); // 7 bytes: the id sits at shift 3
    const b = hashPrefix('flag-bb'); // 8 bytes: shift 0
    const ids = ['user-1', 'user-2', ['user', '1'].join('-'), 'üser-1', '😀', '\ud800x', 'user-1', ''];
    for (let round = 0; round < 3; round++) {
      for (const id of ids) {
        expect(bucketHash(a, id, NO_SALT)).toBe(reference(`flag-a.${id}`));
        expect(bucketHash(b, id, VARIANT_SALT)).toBe(reference(`flag-bb.${id}variant`));
        expect(bucketHash(a, id, VARIANT_SALT)).toBe(reference(`flag-a.${id}variant`));
      }
    }
  });

  it('packs ASCII ids from their characters and UTF-8-encodes any other id, wherever the character sits', () => {
    // Prefixes of 2-5 bytes put the id at every shift; lengths reach past one block (55 bytes)
    // and past the longest id packed from characters (60).
    const prefixes = [1, 2, 3, 4].map((n) => ({ key: 'f'.repeat(n), packed: hashPrefix('f'.repeat(n)) }));
    for (const length of [1, 2, 5, 20, 40, 52, 53, 59, 60, 61, 70]) {
      for (const at of new Set([0, length >> 1, length - 1])) {
        for (const ch of ['\u007f', '\u0080', 'é', '☃', '😀']) {
          const id = 'a'.repeat(at) + ch + 'b'.repeat(Math.max(0, length - at - 1));
          for (const { key, packed } of prefixes) {
            expect(bucketHash(packed, id, NO_SALT)).toBe(reference(`${key}.${id}`));
            expect(bucketHash(packed, id, VARIANT_SALT)).toBe(reference(`${key}.${id}variant`));
          }
        }
      }
    }
  });

  it('remembers hashes for two ids at once (a distinct id and a group key alternating), never mixing them', () => {
    const prefixes = Array.from({ length: 20 }, (_, i) => hashPrefix(`flag-${i}`));
    const ids = ['user-1', 'org-7', 'user-1', 'user-2', 'org-7', 'org-8', 'user-2', 'ümlaut', 'org-8'];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < prefixes.length; i++) {
        for (const id of ids) {
          expect(bucketHash(prefixes[i]!, id, NO_SALT)).toBe(reference(`flag-${i}.${id}`));
          expect(bucketHash(prefixes[(i * 7) % 20]!, id, VARIANT_SALT)).toBe(reference(`flag-${(i * 7) % 20}.${id}variant`));
        }
      }
    }
  });

  it('remembers hashes per id without mixing flags, salts or ids, past the memo size', () => {
    const prefixes = Array.from({ length: 40 }, (_, i) => hashPrefix(`flag-${i}`));
    for (const id of ['user-1', 'user-2', 'user-1']) {
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < prefixes.length; i++) {
          expect(bucketHash(prefixes[i]!, id, NO_SALT)).toBe(reference(`flag-${i}.${id}`));
          expect(bucketHash(prefixes[i]!, id, VARIANT_SALT)).toBe(reference(`flag-${i}.${id}variant`));
        }
        expect(posthogHash('flag-3', id, 'custom')).toBe(reference(`flag-3.${id}custom`));
        expect(posthogHash('flag-3', id, '', '-')).toBe(reference(`flag-3-${id}`));
      }
    }
  });
});
