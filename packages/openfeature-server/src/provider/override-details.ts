import type { ResolutionDetails } from '@openfeature/server-sdk';
import type { FlagType, FlagValue, JsonValue } from '@rollgate/core';
import type { Override } from './overrides.js';

/**
 * An override's answer: reason STATIC (the value is fixed, no rule ran), variant `override`, and
 * metadata `rollgate.override: true` plus where it came from, so hooks and logs can tell a user's
 * choice from an experiment's. A value of the wrong type is TYPE_MISMATCH, as for definitions.
 */
export function overrideDetails<T extends FlagValue>(
  flagKey: string,
  type: FlagType,
  defaultValue: T,
  override: Override,
): ResolutionDetails<T> {
  const actual = typeOf(override.value);
  if (actual !== type) {
    return {
      value: defaultValue,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH' as never,
      errorMessage: `override of ${flagKey} (from ${override.source}) is ${actual}, asked for ${type}`,
      flagMetadata: { 'rollgate.override': true, 'rollgate.overrideSource': override.source },
    };
  }
  return {
    value: override.value as T,
    variant: 'override',
    reason: 'STATIC',
    flagMetadata: { 'rollgate.override': true, 'rollgate.overrideSource': override.source },
  };
}

function typeOf(value: JsonValue): FlagType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  return 'object';
}
