// Synchronous SHA-1 (FIPS 180-4) of a string's UTF-8 bytes, pure JavaScript: PostHog buckets
// with SHA-1, and Web Crypto is async-only while `node:crypto` does not exist in browsers.

/** Scratch space reused by every call: the message schedule and the padded UTF-8 input. */
const W = new Int32Array(80);
let bytes = new Uint8Array(256);

/** The five 32-bit words of the last digest, read by `sha1` callers without allocating. */
export const digestWords = new Int32Array(5);

let length = 0;

/** Appends the UTF-8 bytes of `text` to the message; lone surrogates become U+FFFD, as `TextEncoder` (which posthog-node hashes through) encodes them. */
function appendUtf8(text: string): void {
  const n = text.length;
  if (bytes.length < length + n * 3 + 72) {
    const grown = new Uint8Array((length + n * 3 + 72) * 2);
    grown.set(bytes.subarray(0, length));
    bytes = grown;
  }
  const out = bytes;
  let p = length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[p++] = 0xf0 | (c >> 18);
          out[p++] = 0x80 | ((c >> 12) & 63);
          out[p++] = 0x80 | ((c >> 6) & 63);
          out[p++] = 0x80 | (c & 63);
          continue;
        }
        c = 0xfffd;
      }
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 63);
      out[p++] = 0x80 | (c & 63);
    }
  }
  length = p;
}

/**
 * SHA-1 of the UTF-8 bytes of `a + b + c + d` into `digestWords` (big-endian words h0..h4),
 * without building the concatenated string. Allocation-free once the scratch buffer has grown
 * to the longest input seen. Bucketing inputs (`<flag>.<id>variant`) are short ASCII, so they
 * take a fast path that packs the characters straight into the single padded block.
 */
export function sha1Words(a: string, b = '', c = '', d = ''): Int32Array {
  const total = a.length + b.length + c.length + d.length;
  if (total <= 55) {
    const w = W;
    for (let i = 0; i < 16; i++) w[i] = 0;
    let pos = packAscii(a, 0);
    if (pos >= 0) pos = packAscii(b, pos);
    if (pos >= 0) pos = packAscii(c, pos);
    if (pos >= 0) pos = packAscii(d, pos);
    if (pos >= 0) {
      w[pos >> 2]! |= 0x80 << (24 - (pos & 3) * 8);
      w[15] = pos * 8;
      H[0] = 0x67452301;
      H[1] = 0xefcdab89 | 0;
      H[2] = 0x98badcfe | 0;
      H[3] = 0x10325476;
      H[4] = 0xc3d2e1f0 | 0;
      compress();
      return finish();
    }
  }
  length = 0;
  appendUtf8(a);
  if (b !== '') appendUtf8(b);
  if (c !== '') appendUtf8(c);
  if (d !== '') appendUtf8(d);
  return digest();
}

/** Packs ASCII `text` into the block from byte `pos`; -1 when a character is not ASCII. */
function packAscii(text: string, pos: number): number {
  const w = W;
  for (let i = 0; i < text.length; i++, pos++) {
    const ch = text.charCodeAt(i);
    if (ch >= 0x80) return -1;
    w[pos >> 2]! |= ch << (24 - (pos & 3) * 8);
  }
  return pos;
}

/** The chaining state h0..h4. */
const H = new Int32Array(5);

function finish(): Int32Array {
  digestWords[0] = H[0]!;
  digestWords[1] = H[1]!;
  digestWords[2] = H[2]!;
  digestWords[3] = H[3]!;
  digestWords[4] = H[4]!;
  return digestWords;
}

function digest(): Int32Array {
  const out = bytes;
  // Padding: 0x80, zeros, then the bit length as a 64-bit big-endian integer.
  const padded = (((length + 8) >> 6) + 1) << 6;
  out[length] = 0x80;
  out.fill(0, length + 1, padded);
  const bitLength = length * 8;
  out[padded - 4] = bitLength >>> 24;
  out[padded - 3] = (bitLength >>> 16) & 255;
  out[padded - 2] = (bitLength >>> 8) & 255;
  out[padded - 1] = bitLength & 255;
  out[padded - 5] = Math.floor(length / 0x20000000) & 255;
  H[0] = 0x67452301;
  H[1] = 0xefcdab89 | 0;
  H[2] = 0x98badcfe | 0;
  H[3] = 0x10325476;
  H[4] = 0xc3d2e1f0 | 0;
  const w = W;
  for (let block = 0; block < padded; block += 64) {
    for (let t = 0, j = block; t < 16; t++, j += 4) {
      w[t] = (out[j]! << 24) | (out[j + 1]! << 16) | (out[j + 2]! << 8) | out[j + 3]!;
    }
    compress();
  }
  return finish();
}

/** One SHA-1 compression of the block in W[0..15] into H. */
function compress(): void {
  const w = W;
  for (let t = 16; t < 80; t++) {
    const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
    w[t] = (x << 1) | (x >>> 31);
  }
  let a = H[0]!;
  let b = H[1]!;
  let c = H[2]!;
  let d = H[3]!;
  let e = H[4]!;
  let t = 0;
  // Four loops of 20 rounds each: no per-round branch on the round's function and constant.
  for (; t < 20; t++) {
    const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]!) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
  }
  for (; t < 40; t++) {
    const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]!) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
  }
  for (; t < 60; t++) {
    const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + w[t]!) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
  }
  for (; t < 80; t++) {
    const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + w[t]!) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
  }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
}

/** SHA-1 of the UTF-8 bytes of `text`, as 40 lower-case hex digits. */
export function sha1Hex(text: string): string {
  const words = sha1Words(text);
  let hex = '';
  for (let i = 0; i < 5; i++) hex += (words[i]! >>> 0).toString(16).padStart(8, '0');
  return hex;
}
