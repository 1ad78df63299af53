import type { JsonValue } from '@rollgate/core';
import { finishHash, fnv1a, FNV_OFFSET, slotBounds } from '../exposure/open-addressing.js';

/**
 * One unit's flags, flat and oldest first: `[flagKey, response, hash, flagKey, response, hash, ...]`.
 * A flat array rather than a Map per unit: in the hook's worst case (every call a unit not seen
 * recently) a Map per unit was the largest allocation on the evaluation path; units read a handful
 * of flags, so a linear scan over a short array is as fast as hashing.
 */
export type UnitFlags = unknown[];

/** Entries per flag in `UnitFlags`. */
const STRIDE = 3;

/**
 * What each distinct id was last exposed to, per flag: read by `track` (so a conversion carries
 * `$feature/<key>` for exactly the flags this unit saw) and by the hook (which keeps the triple's
 * dedup hash here, so a repeat evaluation hashes nothing). Bounded: the `units` most recently
 * exposed distinct ids are always remembered, at most twice as many are kept (two generations, as
 * in `LruSet`: O(1) per call, no Map iteration on the evaluation path; a unit found in the old
 * generation is linked from the young one too, sharing its flags), and at most `flagsPerUnit` flags
 * per id (a new flag beyond that replaces the oldest). The generations are open-addressing tables
 * over typed arrays, not Maps: in the hook's worst case (every call a unit not seen recently) Map
 * lookups, growth and the Maps dropped at each rotation were a third of the hook's time.
 */
export class ExposureMemory {
  private young: UnitTable;
  private old: UnitTable;

  constructor(
    readonly units: number,
    readonly flagsPerUnit: number,
  ) {
    this.young = new UnitTable(units);
    this.old = new UnitTable(units);
  }

  /** The flags of `distinctId`, marked most recently used; undefined when unknown (or `units` is 0). */
  flagsOf(distinctId: string): UnitFlags | undefined {
    if (this.units === 0) return undefined;
    const h = hashId(distinctId);
    const flags = this.young.get(h, distinctId);
    if (flags !== undefined) return flags;
    const aged = this.old.get(h, distinctId);
    if (aged !== undefined) this.admit(h, distinctId, aged);
    return aged;
  }

  /** Where `flagKey` sits in `flags` (pass it to `responseAt` / `hashAt`), or -1. */
  static indexOf(flags: UnitFlags, flagKey: string): number {
    for (let i = 0; i < flags.length; i += STRIDE) if (flags[i] === flagKey) return i;
    return -1;
  }

  static responseAt(flags: UnitFlags, index: number): JsonValue {
    return flags[index + 1] as JsonValue;
  }

  static hashAt(flags: UnitFlags, index: number): number {
    return flags[index + 2] as number;
  }

  /**
   * Records `flagKey -> response` for the unit whose flags are `flags` (from `flagsOf`; undefined
   * for a unit not remembered yet, which is then admitted). A flag already present keeps its place;
   * a new flag beyond `flagsPerUnit` replaces the unit's oldest.
   */
  remember(distinctId: string, flags: UnitFlags | undefined, flagKey: string, response: JsonValue, hash: number): void {
    if (this.units === 0) return;
    if (flags === undefined) {
      this.admit(hashId(distinctId), distinctId, [flagKey, response, hash]);
      return;
    }
    const index = ExposureMemory.indexOf(flags, flagKey);
    if (index >= 0) {
      flags[index + 1] = response;
      flags[index + 2] = hash;
      return;
    }
    if (flags.length >= this.flagsPerUnit * STRIDE) flags.splice(0, STRIDE);
    flags.push(flagKey, response, hash);
  }

  /** The flags `distinctId` was exposed to (flag key -> last response), without touching its recency; empty when unknown. */
  recall(distinctId: string): Map<string, JsonValue> {
    const out = new Map<string, JsonValue>();
    const h = hashId(distinctId);
    const flags = this.young.get(h, distinctId) ?? this.old.get(h, distinctId);
    if (flags !== undefined) for (let i = 0; i < flags.length; i += STRIDE) out.set(flags[i] as string, flags[i + 1] as JsonValue);
    return out;
  }

  /** Distinct ids remembered now, counting one linked from both generations twice (at most `2 * units`). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }

  private admit(h: number, distinctId: string, flags: UnitFlags): void {
    if (this.young.size >= this.units) {
      const recycled = this.old;
      this.old = this.young;
      recycled.clear();
      this.young = recycled;
    }
    this.young.insert(h, distinctId, flags);
  }
}

/** One generation: distinct id -> flags, linear probing; slot `i` is empty when `hashes[i] === 0`. */
class UnitTable {
  size = 0;
  private hashes: Int32Array;
  private ids: Array<string | undefined>;
  private flags: Array<UnitFlags | undefined>;
  private mask: number;
  /** A power of two at least twice the capacity: half load at most. */
  private readonly maxSlots: number;

  constructor(capacity: number) {
    const { initial: slots, max } = slotBounds(capacity);
    this.maxSlots = max;
    this.mask = slots - 1;
    this.hashes = new Int32Array(slots);
    this.ids = new Array<string | undefined>(slots).fill(undefined);
    this.flags = new Array<UnitFlags | undefined>(slots).fill(undefined);
  }

  get(h: number, id: string): UnitFlags | undefined {
    const hashes = this.hashes;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const stored = hashes[i];
      if (stored === 0) return undefined;
      if (stored === h && this.ids[i] === id) return this.flags[i];
    }
  }

  /** Adds `id` (the caller knows it is absent). */
  insert(h: number, id: string, flags: UnitFlags): void {
    if ((this.size + 1) * 2 > this.mask + 1 && this.mask + 1 < this.maxSlots) this.grow();
    const hashes = this.hashes;
    const mask = this.mask;
    let i = h & mask;
    while (hashes[i] !== 0) i = (i + 1) & mask;
    hashes[i] = h;
    this.ids[i] = id;
    this.flags[i] = flags;
    this.size += 1;
  }

  clear(): void {
    if (this.size === 0) return;
    this.hashes.fill(0);
    this.ids.fill(undefined);
    this.flags.fill(undefined);
    this.size = 0;
  }

  private grow(): void {
    const { hashes, ids, flags } = this;
    const slots = (this.mask + 1) * 2;
    this.mask = slots - 1;
    this.hashes = new Int32Array(slots);
    this.ids = new Array<string | undefined>(slots).fill(undefined);
    this.flags = new Array<UnitFlags | undefined>(slots).fill(undefined);
    this.size = 0;
    for (let i = 0; i < hashes.length; i += 1) {
      const h = hashes[i] as number;
      if (h !== 0) this.insert(h, ids[i] as string, flags[i] as UnitFlags);
    }
  }
}

/** FNV-1a with a murmur3 finaliser (linear probing uses the low bits); never 0 (an empty slot). */
function hashId(id: string): number {
  return finishHash(fnv1a(FNV_OFFSET, id));
}
