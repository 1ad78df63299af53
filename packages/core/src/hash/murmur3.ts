// MurmurHash3 x86_32 over the UTF-8 bytes of a string, encoded inline (no byte array is built).
//
// This is the hash flagd's `fractional` operator is specified on (flagd's Go evaluator hashes the
// UTF-8 bytes of the bucketing string with seed 0). Encoding inline keeps the hot path free of
// allocations: `murmur3_32_concat(flagKey, targetingKey)` hashes the concatenation without
// building it. Lone UTF-16 surrogates are encoded as U+FFFD, exactly as `TextEncoder` does.
//
// Note: @openfeature/flagd-core hashes UTF-16 code units through `imurmurhash`, which differs from
// flagd (Go, Java, ...) for non-ASCII keys; Rollgate follows the UTF-8 definition. For ASCII keys
// all of them agree.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * MurmurHash3 x86_32 of the UTF-8 encoding of `key`, as an unsigned 32-bit integer.
 *
 * @example murmur3_32('hello') === 0x248bfa47 // 613153351
 */
export function murmur3_32(key: string, seed = 0): number {
  return murmur3_32_concat(key, '', seed);
}

/**
 * MurmurHash3 x86_32 of the UTF-8 encoding of `first + second`, without concatenating.
 * Used by `fractional` for `flagKey + targetingKey`.
 */
export function murmur3_32_concat(first: string, second: string, seed = 0): number {
  return hashFrom(seed | 0, 0, 0, 0, first, second);
}

/**
 * The hash state after a fixed prefix (e.g. a flag key), so `fractional` hashes only the
 * targeting key per evaluation: `murmur3_32_continue(murmur3Prefix(a), b) === murmur3_32(a + b)`.
 */
export interface Murmur3Prefix {
  readonly prefix: string;
  readonly h1: number;
  readonly k1: number;
  readonly shift: number;
  readonly length: number;
}

export function murmur3Prefix(prefix: string, seed = 0): Murmur3Prefix {
  // Compile-time only: plain per-byte code is fine here.
  let h1 = seed | 0;
  let k1 = 0;
  let shift = 0;
  let length = 0;
  for (const byte of utf8(prefix)) {
    k1 |= byte << shift;
    length++;
    shift += 8;
    if (shift === 32) {
      k1 = Math.imul(k1, C1);
      k1 = (k1 << 15) | (k1 >>> 17);
      h1 ^= Math.imul(k1, C2);
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      k1 = 0;
      shift = 0;
    }
  }
  return { prefix, h1, k1, shift, length };
}

/** MurmurHash3 x86_32 of `state.prefix + rest`, hashing only `rest`. */
export function murmur3_32_continue(state: Murmur3Prefix, rest: string): number {
  return hashFrom(state.h1, state.k1, state.shift, state.length, rest, '');
}

function utf8(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

/** The shared loop: continue from a state over `first` then `second`, and finalise. */
function hashFrom(h1: number, k1: number, shift: number, length: number, first: string, second: string): number {
  for (let part = 0; part < 2; part++) {
    const s = part === 0 ? first : second;
    const n = s.length;
    for (let i = 0; i < n; i++) {
      // Fast path: four ASCII characters complete one block at once. When a prefix left a partial
      // block (`shift` bits, e.g. a 14-byte flag key leaves 16), the word's low bytes finish the
      // pending block and its high bytes become the next pending one; `shift` is unchanged.
      if (i + 3 < n) {
        const c0 = s.charCodeAt(i);
        const c1 = s.charCodeAt(i + 1);
        const c2 = s.charCodeAt(i + 2);
        const c3 = s.charCodeAt(i + 3);
        if ((c0 | c1 | c2 | c3) < 0x80) {
          const word = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
          let block: number;
          if (shift === 0) {
            block = word;
          } else {
            block = k1 | (word << shift);
            k1 = word >>> (32 - shift);
          }
          block = Math.imul(block, C1);
          block = (block << 15) | (block >>> 17);
          h1 ^= Math.imul(block, C2);
          h1 = (h1 << 13) | (h1 >>> 19);
          h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
          length += 4;
          i += 3;
          continue;
        }
      }
      let c = s.charCodeAt(i);
      let bytes: number; // up to 4 UTF-8 bytes, first byte in the low bits
      let count: number;
      if (c < 0x80) {
        // ASCII: one byte, the common case; mixed straight in.
        k1 |= c << shift;
        length++;
        shift += 8;
        if (shift === 32) {
          k1 = Math.imul(k1, C1);
          k1 = (k1 << 15) | (k1 >>> 17);
          h1 ^= Math.imul(k1, C2);
          h1 = (h1 << 13) | (h1 >>> 19);
          h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
          k1 = 0;
          shift = 0;
        }
        continue;
      } else if (c < 0x800) {
        bytes = (0xc0 | (c >> 6)) | ((0x80 | (c & 0x3f)) << 8);
        count = 2;
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          bytes =
            (0xf0 | (cp >> 18)) |
            ((0x80 | ((cp >> 12) & 0x3f)) << 8) |
            ((0x80 | ((cp >> 6) & 0x3f)) << 16) |
            ((0x80 | (cp & 0x3f)) << 24);
          count = 4;
          i++;
        } else {
          c = 0xfffd; // a lone surrogate, as TextEncoder encodes it
          bytes = (0xe0 | (c >> 12)) | ((0x80 | ((c >> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
          count = 3;
        }
      } else {
        bytes = (0xe0 | (c >> 12)) | ((0x80 | ((c >> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
        count = 3;
      }
      for (let j = 0; j < count; j++) {
        k1 |= (bytes & 0xff) << shift;
        bytes >>>= 8;
        length++;
        shift += 8;
        if (shift === 32) {
          k1 = Math.imul(k1, C1);
          k1 = (k1 << 15) | (k1 >>> 17);
          h1 ^= Math.imul(k1, C2);
          h1 = (h1 << 13) | (h1 >>> 19);
          h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
          k1 = 0;
          shift = 0;
        }
      }
    }
  }
  if (shift !== 0) {
    k1 = Math.imul(k1, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, C2);
  }
  h1 ^= length;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 >>> 0;
}
