// Synchronous SHA-1 (FIPS 180-4) of UTF-8 bytes, pure JavaScript: PostHog buckets with SHA-1,
// and Web Crypto is async-only while `node:crypto` does not exist in browsers.
//
// Bucketing hashes short strings (`<flag key>.<id><salt>`, one 64-byte block almost always), many
// times per request: `sha1Block` compresses one block its caller assembled, allocating nothing.
import { compressBlock } from './sha1-compress.js';
import { Utf8Buffer } from './utf8-bytes.js';

/** The block being compressed, as 16 big-endian words, and the same memory as bytes. */
const BLOCK = new Int32Array(16);
const BLOCK_BYTES = new Uint8Array(BLOCK.buffer);

/**
 * Where message byte `i` of a block goes in BLOCK_BYTES: `i ^ BYTE_ORDER`. The words are read
 * in the host's byte order, so on a little-endian host (every mainstream browser and Node
 * platform) byte i of a big-endian word sits at 3 - i; on a big-endian host, in place.
 */
const BYTE_ORDER = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 3 : 0;

/** h0..h4 of the last digest (big-endian words as signed 32-bit integers): read without allocating. */
export const digestWords = new Int32Array(5);

/** The UTF-8 bytes of `sha1Hex`'s input. */
const text = new Utf8Buffer();

function resetState(): void {
  const h = digestWords;
  h[0] = 0x67452301;
  h[1] = 0xefcdab89 | 0;
  h[2] = 0x98badcfe | 0;
  h[3] = 0x10325476;
  h[4] = 0xc3d2e1f0 | 0;
}

/**
 * SHA-1 of a message that fits one block, already padded: `block` holds the 16 big-endian words
 * (message, 0x80, zeros, bit length). Returns `digestWords`. The bucketing hash assembles such
 * blocks from pre-packed words (`bucket-hash.ts`).
 */
export function sha1Block(block: Int32Array): Int32Array {
  resetState();
  compressBlock(block, digestWords);
  return digestWords;
}

/** SHA-1 of `bytes[0, length)`, any length, into `digestWords` (returned). */
export function sha1Bytes(bytes: Uint8Array, length: number): Int32Array {
  const out = BLOCK_BYTES;
  const order = BYTE_ORDER;
  resetState();
  let offset = 0;
  for (; offset + 64 <= length; offset += 64) {
    for (let i = 0; i < 64; i++) out[i ^ order] = bytes[offset + i]!;
    compressBlock(BLOCK, digestWords);
  }
  // The rest, 0x80, zeros, and the bit length as a 64-bit big-endian integer: one more block,
  // or two when the rest leaves no room for the length (56 bytes or more).
  const rest = length - offset;
  for (let i = 0; i < rest; i++) out[i ^ order] = bytes[offset + i]!;
  out[rest ^ order] = 0x80;
  for (let i = rest + 1; i < 64; i++) out[i ^ order] = 0;
  if (rest >= 56) {
    compressBlock(BLOCK, digestWords);
    BLOCK.fill(0);
  }
  BLOCK[14] = Math.floor(length / 0x20000000); // bits 32..63 of length * 8
  BLOCK[15] = (length * 8) | 0; // bits 0..31 (ToInt32 keeps them, modulo 2^32)
  compressBlock(BLOCK, digestWords);
  return digestWords;
}

/** SHA-1 of the UTF-8 bytes of `text`, as 40 lower-case hex digits. */
export function sha1Hex(input: string): string {
  text.set(input);
  const words = sha1Bytes(text.bytes, text.length);
  let hex = '';
  for (let i = 0; i < 5; i++) hex += (words[i]! >>> 0).toString(16).padStart(8, '0');
  return hex;
}
