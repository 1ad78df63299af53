// The four OpenFeature flag types as the command line names them, and which JSON values fit each.
import type { FlagType } from '@rollgate/core';

export const flagTypes: readonly FlagType[] = ['boolean', 'string', 'number', 'object'];

export function isFlagType(value: unknown): value is FlagType {
  return typeof value === 'string' && (flagTypes as readonly string[]).includes(value);
}

/** The flag type a default value implies; `undefined` for `null` (no default given). */
export function typeOfValue(value: unknown): FlagType | undefined {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'object' && value !== null) return 'object';
  return undefined;
}

/** Words for a value's JSON type in messages: `a boolean`, `an array`, `null`. */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
