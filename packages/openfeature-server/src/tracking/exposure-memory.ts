/**
 * The last response each distinct id was exposed to, per flag, so a later `track` call carries
 * `$feature/<key>` for exactly the flags this unit saw. Bounded twice: at most `units` distinct ids
 * (least recently exposed forgotten first) and `flagsPerUnit` flags per id (oldest first).
 */
export class ExposureMemory<V> {
  private readonly byUnit = new Map<string, Map<string, V>>();

  constructor(
    readonly units: number,
    readonly flagsPerUnit: number,
  ) {}

  /** Records that `distinctId` was just shown `response` for `flagKey`. */
  remember(distinctId: string, flagKey: string, response: V): void {
    if (this.units === 0) return;
    const byUnit = this.byUnit;
    let flags = byUnit.get(distinctId);
    if (flags === undefined) {
      flags = new Map();
      byUnit.set(distinctId, flags);
      if (byUnit.size > this.units) {
        const oldest = byUnit.keys().next().value;
        if (oldest !== undefined) byUnit.delete(oldest);
      }
    } else if (byUnit.size > 1) {
      // Most recently exposed unit moves to the back (LRU order).
      byUnit.delete(distinctId);
      byUnit.set(distinctId, flags);
    }
    if (flags.get(flagKey) === response && flags.has(flagKey)) return;
    flags.delete(flagKey);
    flags.set(flagKey, response);
    if (flags.size > this.flagsPerUnit) {
      const oldest = flags.keys().next().value;
      if (oldest !== undefined) flags.delete(oldest);
    }
  }

  /** The flags `distinctId` was exposed to (flag key -> response), oldest first; empty when unknown. */
  recall(distinctId: string): ReadonlyMap<string, V> {
    return this.byUnit.get(distinctId) ?? EMPTY;
  }

  get size(): number {
    return this.byUnit.size;
  }

  clear(): void {
    this.byUnit.clear();
  }
}

const EMPTY: ReadonlyMap<string, never> = new Map<string, never>();
