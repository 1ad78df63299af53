// Short, readable renderings of JSON-ish values for traces and issue messages.

const MAX = 80;

/** `"abc"`, `42`, `null`, `undefined`, `{"a":1}`; long values are cut with an ellipsis. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = bounded(value, MAX + 1);
  } catch {
    text = String(value);
  }
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

/** JSON text of `value`, stopping soon after `budget` characters (a huge context array is not serialised whole). */
function bounded(value: unknown, budget: number): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    const text = JSON.stringify(typeof value === 'string' && value.length > budget ? value.slice(0, budget) : value);
    return text === undefined ? String(value) : text;
  }
  const isArray = Array.isArray(value);
  let out = isArray ? '[' : '{';
  const entries = isArray ? (value as unknown[]) : Object.keys(value);
  for (let i = 0; i < entries.length; i++) {
    if (out.length > budget) return `${out}…`;
    if (i > 0) out += ',';
    if (isArray) out += bounded(entries[i], budget - out.length);
    else {
      const key = entries[i] as string;
      out += `${JSON.stringify(key)}:${bounded((value as Record<string, unknown>)[key], budget - out.length)}`;
    }
  }
  return out + (isArray ? ']' : '}');
}

/** The JavaScript kind of a value, as messages name it: `array`, `null`, `object`, `string`, ... */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** True for a plain JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
