// Structural equality of JSON values, independent of object key order (two sources serialise the
// same object with keys in different orders; that is not a divergence).
import type { JsonValue } from '../types.js';

/**
 * True when `a` and `b` are the same JSON value: primitives by `===` (so 0 and -0 are equal, as
 * JSON cannot tell them apart), arrays element by element in order, objects by their own keys
 * regardless of order. `undefined` equals only `undefined`. Never throws for JSON input; cycles are
 * not JSON and are not supported.
 */
export function jsonDeepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aIsArray = Array.isArray(a);
  if (aIsArray !== Array.isArray(b)) return false;
  if (aIsArray) {
    const bArray = b as JsonValue[];
    if (a.length !== bArray.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!jsonDeepEqual(a[i], bArray[i])) return false;
    return true;
  }
  const aObject = a as Record<string, JsonValue>;
  const bObject = b as Record<string, JsonValue>;
  let aCount = 0;
  for (const key in aObject) {
    if (!Object.prototype.hasOwnProperty.call(aObject, key)) continue;
    aCount += 1;
    if (!Object.prototype.hasOwnProperty.call(bObject, key)) return false;
    if (!jsonDeepEqual(aObject[key], bObject[key])) return false;
  }
  let bCount = 0;
  for (const key in bObject) if (Object.prototype.hasOwnProperty.call(bObject, key)) bCount += 1;
  return aCount === bCount;
}
