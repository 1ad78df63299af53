// Checks a bootstrap's shape at runtime: it arrives as JSON inside HTML, so types prove nothing.
import type { Result } from '@rollgate/core';
import type { Bootstrap } from './bootstrap.js';

/** Returns the bootstrap, or a message naming the first bad field by JSON path. */
export function validateBootstrap(input: unknown): Result<Bootstrap, string> {
  if (!isPlainObject(input)) return fail('$', 'expected an object with `definitions`, or `context` and `values`');
  if ('definitions' in input) {
    if (input.definitions === undefined || input.definitions === null) return fail('$.definitions', 'is empty');
    return { ok: true, value: { definitions: input.definitions } };
  }
  if (!isPlainObject(input.context)) return fail('$.context', 'expected an object (the evaluation context the values were computed for)');
  if (!isPlainObject(input.values)) return fail('$.values', 'expected an object of flag key -> { value, variant?, reason?, flagMetadata? }');
  for (const [key, entry] of Object.entries(input.values)) {
    const path = `$.values[${JSON.stringify(key)}]`;
    if (!isPlainObject(entry) || !('value' in entry) || entry.value === undefined) return fail(path, 'expected { value, variant?, reason?, flagMetadata? }');
    if (entry.variant !== undefined && typeof entry.variant !== 'string') return fail(`${path}.variant`, 'expected a string');
    if (entry.reason !== undefined && typeof entry.reason !== 'string') return fail(`${path}.reason`, 'expected a string');
    if (entry.flagMetadata !== undefined) {
      if (!isPlainObject(entry.flagMetadata)) return fail(`${path}.flagMetadata`, 'expected an object');
      for (const [name, value] of Object.entries(entry.flagMetadata)) {
        if (!['string', 'number', 'boolean'].includes(typeof value)) {
          return fail(`${path}.flagMetadata.${name}`, 'expected a string, number or boolean');
        }
      }
    }
  }
  return { ok: true, value: input as unknown as Bootstrap };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, message: string): Result<Bootstrap, string> {
  return { ok: false, error: `bootstrap ${path}: ${message}` };
}
