// A stable, key-order-independent fingerprint of a JSON document (for change detection).
import { murmur3_32 } from './murmur3.js';

/**
 * Canonical JSON: object keys sorted (by UTF-16 code unit), no whitespace, `undefined` members
 * dropped as `JSON.stringify` drops them. Two documents that parse to equal values share it.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    out.push(typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'null'));
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      const item: unknown = value[i];
      if (item === undefined) out.push('null');
      else write(item, out);
    }
    out.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  out.push('{');
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    write(item, out);
  }
  out.push('}');
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
