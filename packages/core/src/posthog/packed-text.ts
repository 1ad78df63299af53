// Short byte strings pre-packed into SHA-1's big-endian message words, so a bucketing block is
// assembled with a few word writes instead of one write per byte (which cost as much as the
// compression itself). A hash input `<prefix><id><salt>` puts each part at a byte offset that is
// not a multiple of 4, so each part is kept packed at the offset(s) it will sit at.
import { utf8Bytes } from './utf8-bytes.js';

/**
 * Writes `bytes[0, length)` as big-endian words into `into`, starting at byte `shift` (0-3) of
 * word 0; the bytes before `shift` and after the end of the last word touched are zero.
 * Returns the number of words touched.
 */
export function packWords(bytes: Uint8Array, length: number, shift: number, into: Int32Array): number {
  const count = (shift + length + 3) >> 2;
  for (let k = 0; k < count; k++) into[k] = 0;
  for (let i = 0; i < length; i++) {
    const p = shift + i;
    into[p >> 2]! |= bytes[i]! << (24 - (p & 3) * 8);
  }
  return count;
}

/**
 * ORs packed words (packed at shift `at & 3`) into `block` at byte offset `at`: the bytes of
 * `block` before `at` are kept, the word holding `at` and the following ones are written.
 */
export function appendPacked(block: Int32Array, at: number, packed: Int32Array, length: number): void {
  const first = at >> 2;
  const count = ((at & 3) + length + 3) >> 2;
  if (count === 0) return;
  block[first] = (at & 3) === 0 ? packed[0]! : block[first]! | packed[0]!;
  for (let k = 1; k < count; k++) block[first + k] = packed[k]!;
}

/** A constant part of bucketing inputs (a flag's `<key>.`, a salt), encoded and packed once. */
export class PackedText {
  /** UTF-8 length in bytes. */
  readonly length: number;
  readonly bytes: Uint8Array;
  /** `byShift[s]`: the bytes packed at shift s (0-3). */
  readonly byShift: readonly Int32Array[];

  constructor(readonly text: string) {
    this.bytes = utf8Bytes(text);
    this.length = this.bytes.length;
    const words = ((this.length + 6) >> 2) + 1;
    this.byShift = [0, 1, 2, 3].map((shift) => {
      const packed = new Int32Array(words);
      packWords(this.bytes, this.length, shift, packed);
      return packed;
    });
  }
}
