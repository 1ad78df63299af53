// JSON text to a value, with problems as values that name line and column (and duplicate keys).
import type { DefinitionIssue, Result } from '../types.js';
import { childPath, indexPath } from './json-path.js';

/**
 * Parse JSON text. On a syntax error the issue names the line and column (computed by a small
 * scanner, since engines word and locate `JSON.parse` errors differently). Duplicate object keys,
 * which `JSON.parse` silently resolves to the last one (a copy-pasted flag would shadow another),
 * are reported too, with their JSON path.
 *
 * @example parseJson('{"flags": {}}') // { ok: true, value: { flags: {} } }
 */
export function parseJson(text: string): Result<unknown, DefinitionIssue[]> {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const found = scan(text);
    if (found.syntax !== undefined) return { ok: false, error: [found.syntax] };
    return { ok: false, error: [{ path: '$', message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const found = scan(text);
  if (found.duplicates.length > 0) return { ok: false, error: found.duplicates };
  if (found.syntax !== undefined) return { ok: false, error: [found.syntax] };
  return { ok: true, value };
}

interface ScanResult {
  syntax: DefinitionIssue | undefined;
  duplicates: DefinitionIssue[];
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

function scan(text: string): ScanResult {
  const duplicates: DefinitionIssue[] = [];
  // The path is kept as segments and only turned into text when a duplicate is reported.
  const segments: (string | number)[] = [];
  const pathText = (): string => segments.reduce<string>((p, s) => (typeof s === 'number' ? indexPath(p, s) : childPath(p, s)), '$');
  let i = 0;
  const n = text.length;

  const where = (offset: number): string => {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < offset && k < n; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    return `line ${line}, column ${offset - lineStart + 1}`;
  };
  const skipWs = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const describe = (): string => (i >= n ? 'end of input' : JSON.stringify(text[i]));
  const fail = (expected: string): never => {
    throw new ScanError(i, `expected ${expected}, found ${describe()}`);
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail('4 hex digits after \\u');
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        }
      } else if (c < 32) fail('a closing quote (control characters must be escaped)');
      else i++;
    }
    return fail('a closing quote');
  };
  const readNumber = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) fail('a value');
    else i += m[0].length;
  };
  const readValue = (depth: number): void => {
    if (depth > 1000) throw new ScanError(i, 'nested deeper than 1000 levels');
    skipWs();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      skipWs();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipWs();
        if (text[i] !== '"') fail('a property name in double quotes');
        const keyOffset = i;
        const key = readString();
        if (seen.has(key)) {
          duplicates.push({ path: childPath(pathText(), key), message: `duplicate key ${JSON.stringify(key)} at ${where(keyOffset)} (JSON.parse would keep only the last one)` });
        }
        seen.add(key);
        skipWs();
        if (text[i] !== ':') fail('":"');
        i++;
        segments.push(key);
        readValue(depth + 1);
        segments.pop();
        skipWs();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('"," or "}"');
      }
    } else if (c === '[') {
      i++;
      skipWs();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        segments.push(index);
        readValue(depth + 1);
        segments.pop();
        skipWs();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('"," or "]"');
      }
    } else if (c === '"') readString();
    else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) readNumber();
    else fail('a value');
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte-order mark
    readValue(0);
    skipWs();
    if (i < n) fail('end of input');
    return { syntax: undefined, duplicates };
  } catch (error) {
    if (error instanceof ScanError) {
      return { syntax: { path: '$', message: `invalid JSON at ${where(error.offset)}: ${error.message}` }, duplicates };
    }
    return { syntax: { path: '$', message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }, duplicates };
  }
}
