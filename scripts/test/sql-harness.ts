// Shared by the SQL tests: binding committed params, loading case rows, and turning results into
// stable JSON (so committed expected outputs compare exactly across machines).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { expect } from 'vitest';

/** UPDATE_EXPECTED=1 rewrites expected files instead of comparing (then review the diff). */
export const UPDATE = process.env['UPDATE_EXPECTED'] === '1';

/**
 * A committed params file binds as-is, except that lists and objects (e.g. `filters`) are passed as
 * their JSON text, which is how the queries take them (`$filters::varchar` -> from_json).
 */
export function bindParams(params: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(params)) out[k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean | null);
  return out;
}

/** Inserts case rows ({uuid, event, distinct_id, timestamp, properties}) into `events`. */
export async function insertEvents(conn: DuckDBConnection, rows: readonly Record<string, unknown>[]): Promise<void> {
  for (const [i, r] of rows.entries()) {
    await conn.run('insert into events values ($uuid, $event, $distinct_id, $timestamp::timestamp, $properties::json, $source_file, $source_row)', {
      uuid: String(r['uuid']),
      event: String(r['event']),
      distinct_id: String(r['distinct_id']),
      timestamp: String(r['timestamp']),
      properties: JSON.stringify(r['properties'] ?? {}),
      source_file: 'case',
      source_row: i + 1,
    });
  }
}

/** Dates -> ISO strings, bigints -> numbers, floats to 10 significant digits (parallel sums differ in the last bits). */
export function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(10));
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    if ('items' in value && Array.isArray((value as { items: unknown }).items)) return normalise((value as { items: unknown[] }).items);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

/**
 * Small results are kept whole; large ones as a digest plus a per-column summary and the first rows,
 * so a review diff still says which column moved.
 */
export function summarise(rows: readonly Record<string, unknown>[]): unknown {
  const normal = rows.map((r) => normalise(r) as Record<string, unknown>);
  if (normal.length <= 60) return { rowCount: normal.length, rows: normal };
  const columns = Object.keys(normal[0] ?? {});
  const summary: Record<string, unknown> = {};
  for (const c of columns) {
    const values = normal.map((r) => r[c]);
    const nums = values.filter((v): v is number => typeof v === 'number');
    const nulls = values.filter((v) => v === null || v === undefined).length;
    summary[c] =
      nums.length > 0
        ? { nulls, sum: Number(nums.reduce((a, b) => a + b, 0).toPrecision(10)), min: Math.min(...nums), max: Math.max(...nums) }
        : { nulls, distinct: new Set(values.map((v) => JSON.stringify(v))).size };
  }
  const digest = createHash('sha256').update(JSON.stringify(normal)).digest('hex');
  return { rowCount: normal.length, sha256: digest, columns: summary, head: normal.slice(0, 8) };
}

/** Compares with the committed file, or writes it in update mode. */
export function expectMatchesFile(file: string, actual: unknown): void {
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (UPDATE) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`no expected output ${file}; run UPDATE_EXPECTED=1 npx vitest run scripts/test and review the new file`);
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}
