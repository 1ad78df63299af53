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
