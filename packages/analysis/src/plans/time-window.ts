// Time windows of plans: absolute bounds, or "the last N days/hours" before the as-of time.
import type { PlanCursor } from './plan-reader.js';

/** `{ last: '7d' }` (relative to the as-of time) or `{ from, to }` (ISO-8601 UTC); absent = all data. */
export type TimeWindow =
  | { readonly kind: 'all' }
  | { readonly kind: 'last'; readonly text: string; readonly milliseconds: number }
  /** `fromMicros`/`toMicros`: the bounds' microseconds (0-999) past their millisecond, which a Date cannot hold. */
  | { readonly kind: 'between'; readonly from: Date | null; readonly to: Date | null; readonly fromMicros: number; readonly toMicros: number };

/** A time to the microsecond, as event timestamps are: a Date and the microseconds (0-999) past its millisecond. */
export interface UtcInstant {
  readonly date: Date;
  readonly micros: number;
}

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
  if (from && to && from.date.getTime() * 1000 + from.micros > to.date.getTime() * 1000 + to.micros) return cursor.issue('from is after to');
  return { kind: 'between', from: from?.date ?? null, to: to?.date ?? null, fromMicros: from?.micros ?? 0, toMicros: to?.micros ?? 0 };
}

/**
 * An ISO-8601 time as a Date, read as UTC when it names no offset (JavaScript would read
 * "2026-11-20T12:00:00" in the machine's time zone, and a verdict would depend on where it runs);
 * undefined when it is not such a time.
 */
export function parseUtcInstant(value: string): Date | undefined {
  return parseUtcInstantMicros(value)?.date;
}

/**
 * `parseUtcInstant` to the microsecond: the Date, and the fraction's 4th to 6th digits as micros
 * (2026-11-19T22:23:37.723456Z: .723 in the Date, micros 456; digits past the 6th are dropped, as a
 * DuckDB timestamp has none). A bound or as-of copied from an event's timestamp then means that
 * timestamp, not the millisecond before it.
 */
export function parseUtcInstantMicros(value: string): UtcInstant | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value)) return undefined;
  if (!isCalendarTime(value)) return undefined;
  const date = new Date(/[Zz]|[+-]\d{2}:?\d{2}$/.test(value) || value.length === 10 ? value : `${value}Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  const fraction = /:\d{2}\.(\d+)/.exec(value)?.[1] ?? '';
  return { date, micros: Number(fraction.slice(3, 6).padEnd(3, '0')) };
}

/**
 * Whether the date and time as written exist: JavaScript rolls 2026-02-30 over into March 2 (and
 * 12:60 into the next hour) instead of refusing it, which would move a window silently.
 */
function isCalendarTime(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/i.exec(value);
  if (m === null) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === se;
}

/** An instant as ISO-8601 text: `Date.toISOString()`, with six fraction digits when it has microseconds. */
export function formatUtcInstant(date: Date, micros = 0): string {
  return micros === 0 ? date.toISOString() : date.toISOString().replace(/Z$/, `${String(micros).padStart(3, '0')}Z`);
}

/** A plan's time field: a Date (YAML reads an unquoted timestamp as one, in UTC) or ISO-8601 text. */
export function readInstant(cursor: PlanCursor): UtcInstant | null | undefined {
  if (!cursor.present) return null;
  if (cursor.value instanceof Date) return { date: cursor.value, micros: 0 };
  const instant = typeof cursor.value === 'string' ? parseUtcInstantMicros(cursor.value) : undefined;
  return instant ?? cursor.issue('must be an ISO-8601 time such as "2026-11-14T00:00:00Z" (UTC when it names no offset)');
}

/**
 * The bounds a window gives at `asOf` (inclusive); null bounds are open. `asOfMicros` (0-999) are
 * the microseconds of the as-of time past its millisecond, which a Date cannot hold: a relative
 * window's bounds carry them, as a `from`/`to` window's carry their own (`fromMicros`/`toMicros`,
 * see sqlTimestamp), so a window ending at the latest event's DuckDB timestamp includes that event.
 */
export function windowBounds(
  window: TimeWindow,
  asOf: Date | null,
  asOfMicros = 0,
): { from: Date | null; to: Date | null; fromMicros: number; toMicros: number } {
  if (window.kind === 'all') return { from: null, to: null, fromMicros: 0, toMicros: 0 };
  if (window.kind === 'between') return { from: window.from, to: window.to, fromMicros: window.fromMicros, toMicros: window.toMicros };
  if (asOf === null) return { from: null, to: null, fromMicros: 0, toMicros: 0 };
  return { from: new Date(asOf.getTime() - window.milliseconds), to: asOf, fromMicros: asOfMicros, toMicros: asOfMicros };
}

/** DuckDB TIMESTAMP literal text (UTC), with `micros` (0-999) past the Date's millisecond. */
export function sqlTimestamp(date: Date | null, micros = 0): string | null {
  return date === null ? null : `${date.toISOString().replace('T', ' ').replace('Z', '')}${String(micros).padStart(3, '0')}`;
}
