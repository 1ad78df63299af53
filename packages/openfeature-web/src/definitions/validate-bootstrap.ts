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
    const metadata = checkMetadata(entry.flagMetadata, path);
    if (metadata !== undefined) return metadata;
  }
  if (input.callerDefaults !== undefined) {
    if (!isPlainObject(input.callerDefaults)) return fail('$.callerDefaults', 'expected an object of flag key -> { type, reason, errorCode?, flagMetadata? }');
    for (const [key, entry] of Object.entries(input.callerDefaults)) {
      const path = `$.callerDefaults[${JSON.stringify(key)}]`;
      if (!isPlainObject(entry)) return fail(path, 'expected { type, reason, errorCode?, flagMetadata? }');
      if (!FLAG_TYPES.includes(entry.type as string)) return fail(`${path}.type`, 'expected boolean, string, number or object');
      if (typeof entry.reason !== 'string') return fail(`${path}.reason`, 'expected a string');
      if (entry.errorCode !== undefined && typeof entry.errorCode !== 'string') return fail(`${path}.errorCode`, 'expected a string');
      const metadata = checkMetadata(entry.flagMetadata, path);
      if (metadata !== undefined) return metadata;
    }
  }
  return { ok: true, value: input as unknown as Bootstrap };
}

const FLAG_TYPES = ['boolean', 'string', 'number', 'object'];

function checkMetadata(metadata: unknown, path: string): Result<Bootstrap, string> | undefined {
  if (metadata === undefined) return undefined;
  if (!isPlainObject(metadata)) return fail(`${path}.flagMetadata`, 'expected an object');
  for (const [name, value] of Object.entries(metadata)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      return fail(`${path}.flagMetadata.${name}`, 'expected a string, number or boolean');
    }
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, message: string): Result<Bootstrap, string> {
  return { ok: false, error: `bootstrap ${path}: ${message}` };
}
