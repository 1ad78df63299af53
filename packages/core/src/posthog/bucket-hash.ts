/**
 * PostHog's bucketing hash, version 1 (the only one PostHog has):
 *
 *   hash(key, id, salt, sep) = int(sha1_hex(key + sep + id + salt)[0:15], 16) / 0xFFFFFFFFFFFFFFF
 *
 * a number in [0, 1]. Rollouts compare `hash(flag, id, '') > pct / 100` (excluded when
 * greater); variants read `hash(flag, id, 'variant')` against cumulative ranges; holdouts use
 * `hash('holdout', id, '', '-')`. Reference: posthog-node / @posthog/core
 * `getFeatureFlagHash` (SHA-1 over `TextEncoder` bytes, `parseInt(hex.slice(0, 15), 16) / LONG_SCALE`).
 * Pinned by vectors in `test/posthog/bucket-hash.test.ts`.
 *
 * Speed: the input is nearly always one SHA-1 block, assembled from words packed in advance
 * (`packed-text.ts`): the flag's prefix at compile time, the salts once, and the distinct id
 * once per id (a request evaluates many flags for one id, and a flag with a rollout and
 * variants hashes it twice); hashes are remembered for the last two ids (a distinct id and a
 * group key). No hex text, no allocation.
 */
import { appendPacked, PackedText, packWords } from './packed-text.js';
import { sha1Block, sha1Bytes } from './sha1.js';
import { Utf8Buffer } from './utf8-bytes.js';

// 0xFFFFFFFFFFFFFFF as a double (exactly 2^60, the rounding PostHog's own constant gets).
const LONG_SCALE = 1152921504606846976;
const TWO_28 = 268435456;

/**
 * The bucket value of a SHA-1 digest from its first two words, bit for bit what PostHog computes
 * from the hex text, without the text.
 *
 * The first 15 hex digits are the top 60 bits of the digest: N = h0 * 2^28 + (h1 >>> 4), with h0
 * and h1 read unsigned. Why the result is the same double as `parseInt(hex15, 16) / LONG_SCALE`:
 * 1. `(h0 >>> 0) * 2^28` is exact: an integer below 2^32 times a power of two has at most 32
 *    significant bits and stays below 2^60, far inside the double range.
 * 2. Adding `h1 >>> 4` (below 2^28) is one IEEE-754 addition: the exact sum N, rounded once to
 *    the nearest double, ties to even (N has up to 60 significant bits, so it may round).
 * 3. `parseInt` with radix 16 computes the exact integer N (ECMA-262 allows approximation only
 *    for other radixes, and for radix 10 past 20 digits) and returns "the Number value for" it:
 *    the same round-to-nearest, ties-to-even of the same N. So both give the same double.
 * 4. Both then divide by the same double 2^60: a division by a power of two, exact here (no
 *    result is subnormal), identical on both sides.
 * Checked against parseInt on random digests and on every rounding boundary (ties, one above,
 * one below, for each length from 53 to 60 bits) in `test/posthog/bucket-hash.test.ts`.
 */
export function bucketValue(h0: number, h1: number): number {
  return ((h0 >>> 0) * TWO_28 + (h1 >>> 4)) / LONG_SCALE;
}

/** The bytes hashed before the distinct id: `<flag key>.` for a flag, `holdout-` for holdouts. */
export function hashPrefix(key: string, separator = '.'): PackedText {
  return new PackedText(key + separator);
}

/** The salts PostHog uses and the holdout prefix, packed once. */
export const NO_SALT = new PackedText('');
export const VARIANT_SALT = new PackedText('variant');
export const HOLDOUT_PREFIX = hashPrefix('holdout', '-');

/** The one SHA-1 block being assembled. */
const BLOCK = new Int32Array(16);

/**
 * What is kept of one id: its words packed at the shifts asked so far (bit s of `packedShifts`:
 * `words[s]` is valid) and the hashes already computed for it, by (prefix, salt) object.
 *
 * An ASCII id (nearly every id: uuids, numbers, emails) is packed straight from its characters,
 * its byte length being its length; only an id with other characters, or one too long for a
 * single block, is UTF-8 encoded into `bytes` first (`length` is then its byte length).
 */
class IdSlot {
  /** Compared by `===`: a pointer comparison when it is the same string, as for every flag of one request. */
  id = '';
  /** UTF-8 length of the id; -1 until known (found while packing, or by encoding). */
  length = 0;
  /** Whether `bytes` holds the id. */
  encoded = true;
  readonly bytes = new Utf8Buffer();
  readonly words = [new Int32Array(16), new Int32Array(16), new Int32Array(16), new Int32Array(16)] as const;
  packedShifts = 0;
  readonly memoPrefix: (PackedText | undefined)[] = new Array<PackedText | undefined>(MEMO_SIZE).fill(undefined);
  readonly memoSalt: (PackedText | undefined)[] = new Array<PackedText | undefined>(MEMO_SIZE).fill(undefined);
  readonly memoValue = new Float64Array(MEMO_SIZE);
  memoCount = 0;
  memoNext = 0;

  reset(id: string): void {
    this.id = id;
    this.encoded = false;
    this.length = -1;
    this.packedShifts = 0;
    this.memoCount = 0;
    this.memoNext = 0;
  }

  /** Makes `bytes` hold the id (and `length` its byte length). */
  encode(): void {
    if (this.encoded) return;
    this.bytes.set(this.id);
    this.encoded = true;
    this.length = this.bytes.length;
  }
}

/**
 * Hashes remembered per id, for the last two ids: a flag dependency is usually evaluated for the
 * same id just before or after its parent (and `evaluateAll` asks for both), and a request that
 * mixes person and group flags alternates between the distinct id and a group key, so the hashes
 * (and the packed words) of both stay at hand instead of being recomputed at every switch.
 */
const MEMO_SIZE = 16;
let current = new IdSlot();
let previous = new IdSlot();

/** Bytes of an input longer than one block, concatenated. */
let longInput = new Uint8Array(256);

/** PostHog's bucketing hash of `prefix + id + salt`, the prefix and salt already packed. */
export function bucketHash(prefix: PackedText, id: string, salt: PackedText): number {
  let slot = current;
  if (id !== slot.id) {
    slot = previous;
    previous = current;
    current = slot;
    if (id !== slot.id) slot.reset(id);
  }
  const prefixes = slot.memoPrefix;
  const salts = slot.memoSalt;
  for (let i = 0; i < slot.memoCount; i++) if (prefixes[i] === prefix && salts[i] === salt) return slot.memoValue[i]!;
  const value = hashOnce(slot, prefix, salt);
  const at = slot.memoNext;
  prefixes[at] = prefix;
  salts[at] = salt;
  slot.memoValue[at] = value;
  slot.memoNext = (at + 1) % MEMO_SIZE;
  if (slot.memoCount < MEMO_SIZE) slot.memoCount++;
  return value;
}

/** The hash of `prefix + <the slot's id> + salt`. */
function hashOnce(slot: IdSlot, prefix: PackedText, salt: PackedText): number {
  const shift = prefix.length & 3;
  const packed = slot.words[shift as 0 | 1 | 2 | 3];
  if (slot.length < 0) {
    // First hash of this id: pack it from its characters if it is ASCII and fits a block.
    if (packAscii(slot.id, shift, packed)) {
      slot.length = slot.id.length;
      slot.packedShifts = 1 << shift;
    } else {
      slot.encode();
    }
  }
  const idLength = slot.length;
  const total = prefix.length + idLength + salt.length;
  let words: Int32Array;
  if (total <= 55) {
    const block = BLOCK;
    appendPacked(block, 0, prefix.byShift[0]!, prefix.length);
    if ((slot.packedShifts & (1 << shift)) === 0) {
      // An id packed before at another shift is ASCII; an encoded one is packed from its bytes.
      if (slot.encoded) packWords(slot.bytes.bytes, idLength, shift, packed);
      else packAscii(slot.id, shift, packed);
      slot.packedShifts |= 1 << shift;
    }
    appendPacked(block, prefix.length, packed, idLength);
    const saltAt = prefix.length + idLength;
    appendPacked(block, saltAt, salt.byShift[saltAt & 3]!, salt.length);
    // Padding: the byte 0x80, zeros, and the length in bits in the last word.
    const last = total >> 2;
    const marker = 0x80 << (24 - (total & 3) * 8);
    block[last] = (total & 3) === 0 ? marker : block[last]! | marker;
    for (let k = last + 1; k < 15; k++) block[k] = 0;
    block[15] = total * 8;
    words = sha1Block(block);
  } else {
    slot.encode();
    if (longInput.length < total) longInput = new Uint8Array(total * 2);
    longInput.set(prefix.bytes, 0);
    longInput.set(slot.bytes.bytes.subarray(0, idLength), prefix.length);
    longInput.set(salt.bytes, prefix.length + idLength);
    words = sha1Bytes(longInput, total);
  }
  return bucketValue(words[0]!, words[1]!);
}

/** The longest id packed from its characters: it must fit `idWords` (16 words) at shift 3. */
const MAX_PACKED_ID = 60;

/**
 * Packs `id` into `into` at byte `shift` like `packWords` over its UTF-8 bytes, reading its
 * characters directly (for ASCII, character = byte). Returns false, leaving `into` partly
 * written, when the id has a character above U+007F or is longer than MAX_PACKED_ID.
 */
function packAscii(id: string, shift: number, into: Int32Array): boolean {
  const n = id.length;
  if (n > MAX_PACKED_ID) return false;
  const count = (shift + n + 3) >> 2;
  for (let k = 0; k < count; k++) into[k] = 0;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    if (c > 0x7f) return false;
    const p = shift + i;
    into[p >> 2]! |= c << (24 - (p & 3) * 8);
  }
  return true;
}

/** Prefixes of keys hashed through `posthogHash`, so repeated calls encode them once. */
const prefixes = new Map<string, PackedText>();

/** PostHog's bucketing hash of `key + separator + id + salt` (see the file comment). */
export function posthogHash(key: string, id: string, salt = '', separator = '.'): number {
  let prefix = separator === '.' ? prefixes.get(key) : undefined;
  if (prefix === undefined) {
    prefix = hashPrefix(key, separator);
    if (separator === '.') {
      if (prefixes.size >= 1024) prefixes.clear(); // bounded: keys come from definitions
      prefixes.set(key, prefix);
    }
  }
  const packedSalt = salt === '' ? NO_SALT : salt === 'variant' ? VARIANT_SALT : new PackedText(salt);
  return bucketHash(prefix, id, packedSalt);
}
