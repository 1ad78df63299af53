// Structural validation of a PostHog local-evaluation document (`/flags/definitions` or the
// older `/api/feature_flag/local_evaluation`): every problem with its JSON path, so a bad
// document is rejected whole. Fields Rollgate does not read are left alone: PostHog adds
// fields often, and they must not break an app. Operators and cohorts it cannot evaluate are
// not errors either: PostHog's SDKs defer those to the server, and so does Rollgate.
import type { DefinitionIssue, JsonValue } from '../types.js';

export type Json = JsonValue | undefined;
export type JsonRecord = { readonly [key: string]: JsonValue };

export function isRecord(value: Json): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Collects issues while reading; each check names the JSON path it looked at. */
export class Reader {
  readonly issues: DefinitionIssue[] = [];
  flagKey: string | undefined;

  issue(path: string, message: string): void {
    this.issues.push(this.flagKey === undefined ? { path, message } : { path, flagKey: this.flagKey, message });
  }

  /** Reads an optional field: `undefined` (also for null) or a value that passed `check`. */
  optional<T>(record: JsonRecord, field: string, path: string, what: string, check: (v: JsonValue) => v is JsonValue & T): T | undefined {
    const value = record[field];
    if (value === undefined || value === null) return undefined;
    if (!check(value)) {
      this.issue(`${path}.${field}`, `must be ${what}, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }
}

export function describe(value: Json): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export const isString = (v: JsonValue): v is string => typeof v === 'string';
export const isBoolean = (v: JsonValue): v is boolean => typeof v === 'boolean';
export const isFiniteNumber = (v: JsonValue): v is number => typeof v === 'number' && Number.isFinite(v);
export const isArray = (v: JsonValue): v is JsonValue[] => Array.isArray(v);
export const isObject = (v: JsonValue): v is { [key: string]: JsonValue } => isRecord(v);
