/**
 * What each distinct id was last exposed to, per flag: read by `track` (so a conversion carries
 * `$feature/<key>` for exactly the flags this unit saw) and by the hook (whose dedup key for an
 * unchanged response is kept here, so a repeat evaluation builds no string). Bounded: the `units`
 * most recently exposed distinct ids are always remembered, at most twice as many are kept (two
 * generations, as in `LruSet`: O(1) per call, no Map iteration on the evaluation path), and at
 * most `flagsPerUnit` flags per id (a new flag beyond that replaces the oldest).
 */
export class ExposureMemory<E> {
  private young = new Map<string, Map<string, E>>();
  private old = new Map<string, Map<string, E>>();

  constructor(
    readonly units: number,
    readonly flagsPerUnit: number,
  ) {}

  /** The flags map of `distinctId` (created when absent), marked most recently used; undefined when `units` is 0. */
  flagsOf(distinctId: string): Map<string, E> | undefined {
    let flags = this.young.get(distinctId);
    if (flags !== undefined) return flags;
    if (this.units === 0) return undefined;
    flags = this.old.get(distinctId);
    if (flags !== undefined) this.old.delete(distinctId);
    else flags = new Map();
    if (this.young.size >= this.units) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(distinctId, flags);
    return flags;
  }

  /** Sets `flagKey` in a unit's flags map, evicting the unit's oldest flag beyond `flagsPerUnit`. */
  put(flags: Map<string, E>, flagKey: string, entry: E): void {
    if (!flags.has(flagKey) && flags.size >= this.flagsPerUnit) {
      // Per-unit maps are small (the flags one screen reads): evicting their first key stays cheap.
      const oldest = flags.keys().next().value;
      if (oldest !== undefined) flags.delete(oldest);
    }
    flags.set(flagKey, entry);
  }

  /** The flags `distinctId` was exposed to (flag key -> entry), without touching its recency; empty when unknown. */
  recall(distinctId: string): ReadonlyMap<string, E> {
    return this.young.get(distinctId) ?? this.old.get(distinctId) ?? EMPTY;
  }

  /** Distinct ids remembered now (at most `2 * units`). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
  }
}

const EMPTY: ReadonlyMap<string, never> = new Map<string, never>();
