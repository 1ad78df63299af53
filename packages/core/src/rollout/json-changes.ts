// The field-level difference between two JSON values, for audit entries and change previews.
import { childPath, indexPath } from '../json/json-path.js';
import type { JsonValue } from '../types.js';

/** One changed leaf: `before` is absent when the field was added, `after` when it was removed. */
export interface JsonChange {
  readonly path: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

function isObject(v: unknown): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Objects are compared key by key (recursively); arrays of primitives as sets of added/removed
 * items would lose order, so any other difference (arrays, types) is reported as a whole value.
 *
 * @example jsonChanges('$.r', { stage: 'admin' }, { stage: 'ga' }) // [{ path: '$.r.stage', before: 'admin', after: 'ga' }]
 */
export function jsonChanges(path: string, before: JsonValue | undefined, after: JsonValue | undefined): JsonChange[] {
  if (isObject(before) && isObject(after)) {
    const out: JsonChange[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) out.push(...jsonChanges(childPath(path, key), before[key], after[key]));
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    const out: JsonChange[] = [];
    before.forEach((item, i) => out.push(...jsonChanges(indexPath(path, i), item, after[i])));
    // Element-wise differences in a same-length array read as one change of the whole array.
    return out.length === 0 ? [] : [{ path, before, after }];
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
}
