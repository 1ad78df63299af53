// Short, readable renderings of JSON-ish values for traces and issue messages.

const MAX = 80;

/** `"abc"`, `42`, `null`, `undefined`, `{"a":1}`; long values are cut with an ellipsis. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
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
