// flagd metadata: an object whose values are strings, numbers or booleans.
import { childPath } from '../json/json-path.js';
import { isPlainObject, kindOf } from '../json/describe-value.js';
import type { FlagMetadata } from '../types.js';
import type { IssueSink } from './issue-sink.js';

export function validateMetadata(raw: unknown, path: string, sink: IssueSink, flagKey?: string): FlagMetadata {
  if (raw === undefined) return {};
  if (!isPlainObject(raw)) {
    sink.error(path, `metadata must be an object, got ${kindOf(raw)}`, flagKey);
    return {};
  }
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      Object.defineProperty(out, key, { value, enumerable: true, writable: false, configurable: false });
    } else {
      sink.error(childPath(path, key), `metadata values must be strings, numbers or booleans, got ${kindOf(value)}`, flagKey);
    }
  }
  return Object.freeze(out);
}

/** Flag-set metadata keys that flagd's schema (flags.json) types as strings. */
const STRING_SET_KEYS = ['flagSetId', 'version'] as const;

/**
 * `flagSetId` and `version` of the flag-set metadata must be strings (flagd-schemas flags.json).
 * Strict mode rejects another primitive; flagd mode only warns and serves it, since the value is
 * still valid metadata and flagd's own schema check does not stop it from serving.
 */
export function checkFlagSetMetadata(metadata: FlagMetadata, path: string, sink: IssueSink, strict: boolean): void {
  for (const key of STRING_SET_KEYS) {
    const value = metadata[key];
    if (value === undefined || typeof value === 'string') continue;
    const message = `${key} must be a string (flagd's schema), got ${kindOf(value)} ${JSON.stringify(value)}: write ${JSON.stringify(String(value))}`;
    if (strict) sink.error(childPath(path, key), message);
    else sink.warning(childPath(path, key), message);
  }
}
