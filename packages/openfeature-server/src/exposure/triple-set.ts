// The server hook's dedup memory: (flag, response, distinct id) triples, exact, bounded, no allocation per call.
import type { JsonValue } from '@rollgate/core';
import { finishHash, fnv1a, FNV_OFFSET, slotBounds } from './open-addressing.js';

/** How a response is compared: by kind, then by value (an object response by its JSON text). */
const STRING = 1;
const NUMBER = 2;
const BOOLEAN = 3;
const NULL = 4;
const JSON_TEXT = 5;

/** Scratch view to hash a non-integer number's bits without allocating. */
const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

/**
 * Remembers at least the `capacity` most recently added (flag, response, distinct id) triples and at
 * most twice as many: the same two-generation scheme as `LruSet` (a triple found in the old
 * generation is copied to the young one; when the young one holds `capacity` triples it becomes the
 * old one and the previous old one is forgotten whole).
 *
 * Why not `LruSet` with a string key per triple: in the worst case for the exposure hook (every call
 * a new triple, a sink that is down) building that key, hashing it and keeping it alive in a Set of
 * 100,000 strings was most of the hook's time, and the strings most of the garbage collector's
 * (measured: scripts/bench/exposure-load.mjs). Here each generation is an open-addressing table of
 * typed arrays plus arrays holding references to strings the app already allocated: a lookup or an
 * insert allocates nothing (an object response is keyed by its JSON text: the rare flag without
 * variants). A match compares the three parts exactly, so a hash collision never deduplicates a
 * different triple. Tables start small and double up to `capacity` entries at half load.
 */
export class TripleSet {
  private young: Generation;
  private old: Generation;

  constructor(readonly capacity: number) {
    this.young = new Generation(capacity);
    this.old = new Generation(capacity);
  }

  /**
   * Adds the triple (or refreshes it); returns false when it was already remembered. `hash` may pass
   * the triple's `TripleSet.hash` computed earlier (the recorder keeps it per unit and flag).
   */
  add(flagKey: string, response: JsonValue, distinctId: string, hash?: number): boolean {
    let kind: number;
    let value: unknown = response;
    if (typeof response === 'string') kind = STRING;
    else if (typeof response === 'number') kind = NUMBER;
    else if (typeof response === 'boolean') kind = BOOLEAN;
    else if (response === null) kind = NULL;
    else {
      kind = JSON_TEXT;
      value = JSON.stringify(response);
    }
    const h = hash ?? hashParts(flagKey, kind, value, distinctId);
    if (this.young.find(h, flagKey, kind, value, distinctId) >= 0) return false;
    const wasOld = this.old.find(h, flagKey, kind, value, distinctId) >= 0;
    if (this.young.size >= this.capacity) {
      const recycled = this.old;
      this.old = this.young;
      recycled.clear();
      this.young = recycled;
    }
    this.young.insert(h, flagKey, kind, value, distinctId);
    return !wasOld;
  }

  /** The hash `add` uses for a triple (pass it back to `add` to skip hashing a repeat). */
  static hash(flagKey: string, response: JsonValue, distinctId: string): number {
    if (typeof response === 'string') return hashParts(flagKey, STRING, response, distinctId);
    if (typeof response === 'number') return hashParts(flagKey, NUMBER, response, distinctId);
    if (typeof response === 'boolean') return hashParts(flagKey, BOOLEAN, response, distinctId);
    if (response === null) return hashParts(flagKey, NULL, null, distinctId);
    return hashParts(flagKey, JSON_TEXT, JSON.stringify(response), distinctId);
  }

  /** Triples remembered now, counting one copied from the old generation twice (at most `2 * capacity`). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}

/** One generation: linear probing over parallel arrays; slot `i` is empty when `hashes[i] === 0`. */
class Generation {
  size = 0;
  private hashes: Int32Array;
  private kinds: Uint8Array;
  private flags: Array<string | undefined>;
  private values: unknown[];
  private ids: Array<string | undefined>;
  private mask: number;
  /** Slots never exceed this: a power of two at least twice `capacity` (half load at most). */
  private readonly maxSlots: number;

  constructor(capacity: number) {
    const { initial: slots, max } = slotBounds(capacity);
    this.maxSlots = max;
    this.mask = slots - 1;
    this.hashes = new Int32Array(slots);
    this.kinds = new Uint8Array(slots);
    this.flags = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<unknown>(slots).fill(undefined);
    this.ids = new Array<string | undefined>(slots).fill(undefined);
  }

  /** The slot holding the triple, or -1. */
  find(h: number, flagKey: string, kind: number, value: unknown, distinctId: string): number {
    const hashes = this.hashes;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const stored = hashes[i];
      if (stored === 0) return -1;
      if (
        stored === h &&
        this.kinds[i] === kind &&
        this.ids[i] === distinctId &&
        this.flags[i] === flagKey &&
        sameValue(this.values[i], value)
      ) {
        return i;
      }
    }
  }

  insert(h: number, flagKey: string, kind: number, value: unknown, distinctId: string): void {
    if ((this.size + 1) * 2 > this.mask + 1 && this.mask + 1 < this.maxSlots) this.grow();
    const hashes = this.hashes;
    const mask = this.mask;
    let i = h & mask;
    while (hashes[i] !== 0) i = (i + 1) & mask;
    hashes[i] = h;
    this.kinds[i] = kind;
    this.flags[i] = flagKey;
    this.values[i] = value;
    this.ids[i] = distinctId;
    this.size += 1;
  }

  clear(): void {
    if (this.size === 0) return;
    this.hashes.fill(0);
    this.flags.fill(undefined);
    this.values.fill(undefined);
    this.ids.fill(undefined);
    this.size = 0;
  }

  private grow(): void {
    const { hashes, kinds, flags, values, ids } = this;
    const slots = (this.mask + 1) * 2;
    this.mask = slots - 1;
    this.hashes = new Int32Array(slots);
    this.kinds = new Uint8Array(slots);
    this.flags = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<unknown>(slots).fill(undefined);
    this.ids = new Array<string | undefined>(slots).fill(undefined);
    this.size = 0;
    for (let i = 0; i < hashes.length; i += 1) {
      const h = hashes[i] as number;
      if (h !== 0) this.insert(h, flags[i] as string, kinds[i] as number, values[i], ids[i] as string);
    }
  }
}

/** `===`, except that NaN equals NaN (JSON turned both into `null`, so they always deduplicated). */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

/** FNV-1a over the three parts, finished by `finishHash` (32 bits, never 0: 0 marks an empty slot). */
function hashParts(flagKey: string, kind: number, value: unknown, distinctId: string): number {
  let h = hashString(FNV_OFFSET, flagKey);
  h = Math.imul(h ^ kind, 0x01000193);
  if (kind === STRING || kind === JSON_TEXT) h = hashString(h, value as string);
  else if (kind === BOOLEAN) h = Math.imul(h ^ (value ? 1 : 0), 0x01000193);
  else if (kind === NUMBER) {
    const n = value as number;
    if ((n | 0) === n) h = Math.imul(h ^ n, 0x01000193); // -0 | 0 is 0: -0 and 0 hash alike, as they compare
    else {
      float[0] = n !== n ? NaN : n;
      h = Math.imul(h ^ (floatWords[0] as number), 0x01000193);
      h = Math.imul(h ^ (floatWords[1] as number), 0x01000193);
    }
  }
  h = Math.imul(h ^ 0xff, 0x01000193); // separator: ("ab", "c") and ("a", "bc") differ
  return finishHash(hashString(h, distinctId));
}

/** FNV-1a over `s`, then its length: a part's end is part of the hash. */
function hashString(h: number, s: string): number {
  return Math.imul(fnv1a(h, s) ^ s.length, 0x01000193);
}
