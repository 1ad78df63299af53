// A stable, key-order-independent fingerprint of a JSON document (for change detection).
import { murmur3_32 } from './murmur3.js';

/**
 * Canonical JSON: object keys sorted (by UTF-16 code unit), no whitespace, `undefined` members
 * dropped as `JSON.stringify` drops them. Two documents that parse to equal values share it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
}

/**
 * A 64-bit hex fingerprint of `json`: MurmurHash3 x86_32 of its canonical JSON (UTF-8) under two
 * seeds (0 and 0x9747b28c), concatenated. Pure JS, so it runs in browsers. It detects changes;
 * it is not a cryptographic hash and must not be used where an adversary picks the inputs.
 *
 * @example documentHash({ b: 1, a: [true] }) === documentHash({ a: [true], b: 1 })
 */
export function documentHash(json: unknown): string {
  const text = canonicalJson(json);
  const high = murmur3_32(text, 0);
  const low = murmur3_32(text, 0x9747b28c);
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
