// Time windows of plans: absolute bounds, or "the last N days/hours" before the as-of time.
import type { PlanCursor } from './plan-reader.js';

/** `{ last: '7d' }` (relative to the as-of time) or `{ from, to }` (ISO-8601 UTC); absent = all data. */
export type TimeWindow =
  | { readonly kind: 'all' }
  | { readonly kind: 'last'; readonly text: string; readonly milliseconds: number }
  | { readonly kind: 'between'; readonly from: Date | null; readonly to: Date | null };

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses durations like `7d`, `36h`, `2w`, `90m`; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^([1-9][0-9]*)([mhdw])$/.exec(text);
  return match ? Number(match[1]) * UNITS[match[2]!]! : undefined;
}

export function readTimeWindow(cursor: PlanCursor): TimeWindow | undefined {
  if (!cursor.present) return { kind: 'all' };
  if (!cursor.object(['last', 'from', 'to'])) return undefined;
  const last = cursor.field('last');
  if (last.present) {
    if (cursor.field('from').present || cursor.field('to').present) return cursor.issue('use either last or from/to, not both');
    const text = last.string({ pattern: /^[1-9][0-9]*[mhdw]$/, patternHint: 'must be a duration such as 7d, 36h, 2w or 90m' });
    return text === undefined ? undefined : { kind: 'last', text, milliseconds: parseDuration(text)! };
  }
  const from = readInstant(cursor.field('from'));
  const to = readInstant(cursor.field('to'));
  if (from === undefined || to === undefined) return undefined;
  if (from && to && from > to) return cursor.issue('from is after to');
  return { kind: 'between', from, to };
}

/**
 * An ISO-8601 time as a Date, read as UTC when it names no offset (JavaScript would read
 * "2026-11-20T12:00:00" in the machine's time zone, and a verdict would depend on where it runs);
 * undefined when it is not such a time.
 */
export function parseUtcInstant(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value)) return undefined;
  const date = new Date(/[Zz]|[+-]\d{2}:?\d{2}$/.test(value) || value.length === 10 ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A plan's time field: a Date (YAML reads an unquoted timestamp as one, in UTC) or ISO-8601 text. */
export function readInstant(cursor: PlanCursor): Date | null | undefined {
  if (!cursor.present) return null;
  if (cursor.value instanceof Date) return cursor.value;
  const date = typeof cursor.value === 'string' ? parseUtcInstant(cursor.value) : undefined;
  return date ?? cursor.issue('must be an ISO-8601 time such as "2026-11-14T00:00:00Z" (UTC when it names no offset)');
}

/**
 * The bounds a window gives at `asOf` (inclusive); null bounds are open. `asOfMicros` (0-999) are
 * the microseconds of the as-of time past its millisecond, which a Date cannot hold: a relative
 * window's bounds carry them (`micros`, see sqlTimestamp), so a window ending at the latest event's
 * DuckDB timestamp includes that event.
 */
export function windowBounds(window: TimeWindow, asOf: Date | null, asOfMicros = 0): { from: Date | null; to: Date | null; micros: number } {
  if (window.kind === 'all') return { from: null, to: null, micros: 0 };
  if (window.kind === 'between') return { from: window.from, to: window.to, micros: 0 };
  if (asOf === null) return { from: null, to: null, micros: 0 };
  return { from: new Date(asOf.getTime() - window.milliseconds), to: asOf, micros: asOfMicros };
}

/** DuckDB TIMESTAMP literal text (UTC), with `micros` (0-999) past the Date's millisecond. */
export function sqlTimestamp(date: Date | null, micros = 0): string | null {
  return date === null ? null : `${date.toISOString().replace('T', ' ').replace('Z', '')}${String(micros).padStart(3, '0')}`;
}
