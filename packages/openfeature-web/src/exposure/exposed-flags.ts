// What each distinct id on this page was last shown, per flag: what `track` attributes a conversion to.
import type { JsonValue } from '@rollgate/core';

/**
 * Distinct id -> (flag key -> the response it was last shown), bounded: the `units` most recently
 * exposed ids (a page rarely has more than two: anonymous, then identified) and `flagsPerUnit`
 * flags per id, the oldest forgotten first. Plain Maps in insertion order: a page exposes a few
 * flags, so the server's allocation-free tables would buy nothing here.
 */
export class ExposedFlags {
  private readonly byUnit = new Map<string, Map<string, JsonValue>>();

  constructor(
    readonly units: number,
    readonly flagsPerUnit: number,
  ) {}

  remember(distinctId: string, flagKey: string, response: JsonValue): void {
    let flags = this.byUnit.get(distinctId);
    if (flags === undefined) {
      flags = new Map();
      if (this.byUnit.size >= this.units) this.byUnit.delete(this.byUnit.keys().next().value as string);
    } else {
      this.byUnit.delete(distinctId); // re-inserted below: most recent last
    }
    this.byUnit.set(distinctId, flags);
    if (flags.has(flagKey)) flags.delete(flagKey);
    else if (flags.size >= this.flagsPerUnit) flags.delete(flags.keys().next().value as string);
    flags.set(flagKey, response);
  }

  /** The flags `distinctId` was shown (empty when none); a copy, so the caller may keep it. */
  recall(distinctId: string): Map<string, JsonValue> {
    return new Map(this.byUnit.get(distinctId));
  }

  clear(): void {
    this.byUnit.clear();
  }
}
