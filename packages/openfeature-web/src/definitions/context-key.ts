// Canonical JSON of an evaluation context, to tell whether precomputed values belong to it.
import type { EvaluationContext } from '@rollgate/core';

/**
 * Key order does not matter; `Date`s compare by instant; `undefined` members are dropped (as JSON
 * drops them), so `{ a: 1, b: undefined }` and `{ a: 1 }` are the same context.
 */
export function contextKey(context: EvaluationContext): string {
  return canonical(context);
}

function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonical(item))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined || typeof member === 'function') continue;
      parts.push(`${JSON.stringify(key)}:${canonical(member)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
