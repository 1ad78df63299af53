// How PostHog compares values with `exact` / `is_not`: both sides as text, the way the flags
// service (Rust, serde_json) would print them. Values JavaScript cannot print the same way
// (an integral number may have been `5` or `5.0` on the wire) are undecidable locally.
import { Unresolved } from './unresolved.js';

const hasSurrogateProblem = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (i + 1 >= text.length || next < 0xdc00 || next > 0xdfff) return true;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return true;
    }
  }
  return false;
};

const fail = (message: string): Unresolved => new Unresolved('inconclusive', 'unsupported_definition', message);

/** Object keys ordered by code point (serde_json's map order), not UTF-16 units. */
function compareKeys(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Canonical JSON text of a value, or why it has none that matches the flags service. */
export function canonicalJson(value: unknown, seen: Set<object> = new Set()): string | Unresolved {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return hasSurrogateProblem(value) ? fail('unpaired surrogate') : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) return fail(`non-finite number ${value}`);
      if (Number.isInteger(value)) return fail(`integer ${value} is ambiguous with an integral float`);
      return String(value);
    case 'object': {
      if (seen.has(value)) return fail('circular value');
      if (Array.isArray(value)) {
        seen.add(value);
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++) {
          const part = canonicalJson(i in value ? value[i] : null, seen);
          if (part instanceof Unresolved) return part;
          parts.push(part);
        }
        seen.delete(value);
        return `[${parts.join(',')}]`;
      }
      if (!isPlainObject(value)) return fail('not a JSON object');
      seen.add(value);
      const keys = Object.keys(value);
      for (const key of keys) if (hasSurrogateProblem(key)) return fail('unpaired surrogate');
      keys.sort(compareKeys);
      const parts: string[] = [];
      for (const key of keys) {
        const part = canonicalJson((value as Record<string, unknown>)[key], seen);
        if (part instanceof Unresolved) return part;
        parts.push(`${JSON.stringify(key)}:${part}`);
      }
      seen.delete(value);
      return `{${parts.join(',')}}`;
    }
    default:
      return fail(`a ${typeof value} has no JSON form`);
  }
}

/** The text `exact` compares: strings as themselves, everything else as canonical JSON. */
export function exactText(value: unknown): string | Unresolved {
  if (typeof value === 'string') return hasSurrogateProblem(value) ? fail('unpaired surrogate') : value;
  return canonicalJson(value);
}

/** Whether a value survives JSON as-is (the check before a truthiness comparison). */
export function jsonProblem(value: unknown, seen?: Set<object>): Unresolved | undefined {
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'string') return hasSurrogateProblem(value) ? fail('unpaired surrogate') : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : fail(`non-finite number ${value}`);
  if (typeof value === 'object') {
    // The set of objects on the current path, made only when a value has structure.
    seen ??= new Set();
    if (seen.has(value)) return fail('circular value');
    if (!Array.isArray(value) && !isPlainObject(value)) return fail('not a JSON object');
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const p = i in value ? jsonProblem(value[i], seen) : undefined;
        if (p) return p;
      }
    } else {
      for (const key of Object.keys(value)) {
        if (hasSurrogateProblem(key)) return fail('unpaired surrogate');
        const p = jsonProblem((value as Record<string, unknown>)[key], seen);
        if (p) return p;
      }
    }
    seen.delete(value);
    return undefined;
  }
  return fail(`a ${typeof value} has no JSON form`);
}

/** `true`/`false` in any case, a boolean, or an array of only those (the empty array included). */
export function isBooleanLike(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    return lower === 'true' || lower === 'false';
  }
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!isBooleanLike(i in value ? value[i] : null)) return false;
  return true;
}

/** The truth a boolean-like value stands for (an array: all of its items true). */
export function truthOf(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!truthOf(i in value ? value[i] : null)) return false;
  return true;
}

/** `String(value)` that never throws (a hostile `toString` or a Symbol yields undefined). */
export function safeString(value: unknown): string | undefined {
  try {
    return String(value);
  } catch {
    return undefined;
  }
}

/**
 * `text.toLowerCase() === lower` for a `lower` that is already lower-cased, without the copy
 * when `text` is ASCII (where toLowerCase lower-cases A-Z only and keeps the length); other
 * texts take toLowerCase itself (full Unicode case mapping, which may change the length).
 */
export function lowerCaseEquals(text: string, lower: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return text.toLowerCase() === lower;
    // Everything before i is ASCII, so toLowerCase puts fold(c) at position i: a difference
    // here is final whatever follows.
    if (i >= lower.length || fold(c) !== lower.charCodeAt(i)) return false;
  }
  return n === lower.length;
}

/** `c` with A-Z lower-cased: asciiLower for one UTF-16 code unit. */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Whether `text` holds `lower` (already asciiLower-ed) at `at`, `text` read through asciiLower. */
function foldedAt(text: string, lower: string, at: number): boolean {
  for (let j = 0; j < lower.length; j++) if (fold(text.charCodeAt(at + j)) !== lower.charCodeAt(j)) return false;
  return true;
}

/**
 * `asciiLower(text).includes(lower)`, `startsWith`, `endsWith` for a `lower` that is already
 * asciiLower-ed, without building the lower-cased copy: asciiLower maps each code unit on its
 * own, so comparing folded code units at each position is the same test.
 */
export function foldedIncludes(text: string, lower: string): boolean {
  for (let at = 0; at + lower.length <= text.length; at++) if (foldedAt(text, lower, at)) return true;
  return false;
}

export function foldedStartsWith(text: string, lower: string): boolean {
  return lower.length <= text.length && foldedAt(text, lower, 0);
}

export function foldedEndsWith(text: string, lower: string): boolean {
  return lower.length <= text.length && foldedAt(text, lower, text.length - lower.length);
}

/** Lower-cases A-Z only, as PostHog's substring operators do. */
export function asciiLower(text: string): string {
  let out = text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      out = text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
      break;
    }
  }
  return out;
}
