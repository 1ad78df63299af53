// What each distinct id on this page was last shown, per flag: what `track` attributes a conversion to.
import type { JsonValue } from '@rollgate/core';

/**
 * Distinct id -> (flag key -> the response it was last shown), bounded: the `units` most recently
 * exposed ids (a page rarely has more than two: anonymous, then identified) and `flagsPerUnit`
 * flags per id, the one whose answer was first seen (or last changed) longest ago forgotten first. Plain Maps in insertion order: a page exposes a few
 * flags, so the server's allocation-free tables would buy nothing here.
 */
export class ExposedFlags {
  private readonly byUnit = new Map<string, Map<string, JsonValue>>();
  /** The id remembered last: a repeat read for it moves nothing (this runs on every shown read). */
  private newest: string | undefined;

  constructor(
    readonly units: number,
    readonly flagsPerUnit: number,
  ) {}

  remember(distinctId: string, flagKey: string, response: JsonValue): void {
    let flags = this.byUnit.get(distinctId);
    if (flags === undefined) {
      if (this.byUnit.size >= this.units) this.byUnit.delete(this.byUnit.keys().next().value as string);
      flags = new Map();
      this.byUnit.set(distinctId, flags);
    } else if (this.newest !== distinctId) {
      this.byUnit.delete(distinctId); // re-inserted: most recent last
      this.byUnit.set(distinctId, flags);
    }
    this.newest = distinctId;
    if (flags.has(flagKey)) {
      if (flags.get(flagKey) === response) return; // the same answer again: nothing to update
      flags.delete(flagKey);
    } else if (flags.size >= this.flagsPerUnit) {
      flags.delete(flags.keys().next().value as string);
    }
    flags.set(flagKey, response);
  }

  /** The flags `distinctId` was shown (empty when none); a copy, so the caller may keep it. */
  recall(distinctId: string): Map<string, JsonValue> {
    return new Map(this.byUnit.get(distinctId));
  }

  clear(): void {
    this.byUnit.clear();
    this.newest = undefined;
  }
}
