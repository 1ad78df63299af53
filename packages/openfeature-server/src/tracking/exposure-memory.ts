/**
 * The last response each distinct id was exposed to, per flag, so a later `track` call carries
 * `$feature/<key>` for exactly the flags this unit saw. Bounded: the `units` most recently exposed
 * distinct ids are always remembered, at most twice as many are kept (two generations, as in
 * `LruSet`: O(1) per call, no Map iteration on the evaluation path), and at most `flagsPerUnit`
 * flags per id (a new flag beyond that replaces the oldest).
 */
export class ExposureMemory<V> {
  private young = new Map<string, Map<string, V>>();
  private old = new Map<string, Map<string, V>>();

  constructor(
    readonly units: number,
    readonly flagsPerUnit: number,
  ) {}

  /** Records that `distinctId` was just shown `response` for `flagKey`. */
  remember(distinctId: string, flagKey: string, response: V): void {
    if (this.units === 0) return;
    let flags = this.young.get(distinctId);
    if (flags === undefined) {
      flags = this.old.get(distinctId);
      if (flags !== undefined) this.old.delete(distinctId);
      else flags = new Map();
      if (this.young.size >= this.units) {
        this.old = this.young;
        this.young = new Map();
      }
      this.young.set(distinctId, flags);
    }
    if (flags.has(flagKey)) {
      flags.set(flagKey, response);
      return;
    }
    // Per-unit maps are small (flags on one screen): evicting their first key stays cheap.
    if (flags.size >= this.flagsPerUnit) {
      const oldest = flags.keys().next().value;
      if (oldest !== undefined) flags.delete(oldest);
    }
    flags.set(flagKey, response);
  }

  /** The flags `distinctId` was exposed to (flag key -> last response); empty when unknown. */
  recall(distinctId: string): ReadonlyMap<string, V> {
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
