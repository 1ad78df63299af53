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

function readInstant(cursor: PlanCursor): Date | null | undefined {
  if (!cursor.present) return null;
  // YAML may already have turned an unquoted timestamp into a Date.
  const value = cursor.value instanceof Date ? cursor.value.toISOString() : cursor.value;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) {
    return cursor.issue('must be an ISO-8601 time such as "2026-11-14T00:00:00Z"');
  }
  const date = new Date(/[Zz]|[+-]\d{2}:?\d{2}$/.test(value) || value.length === 10 ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? cursor.issue('is not a valid time') : date;
}

/** The bounds a window gives at `asOf` (inclusive); null bounds are open. */
export function windowBounds(window: TimeWindow, asOf: Date | null): { from: Date | null; to: Date | null } {
  if (window.kind === 'all') return { from: null, to: null };
  if (window.kind === 'between') return { from: window.from, to: window.to };
  if (asOf === null) return { from: null, to: null };
  return { from: new Date(asOf.getTime() - window.milliseconds), to: asOf };
}

/** DuckDB TIMESTAMP literal text (UTC, microseconds kept). */
export function sqlTimestamp(date: Date | null): string | null {
  return date === null ? null : date.toISOString().replace('T', ' ').replace('Z', '');
}
