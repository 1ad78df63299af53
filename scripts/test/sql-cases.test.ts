// STYLE 13, SQL tests are data: notebooks-sql/tests/<query>/<case>/{input.json, params.json,
// expected.json}. Every query has at least one case and an `empty` one (no events at all).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureEventTables, openDatabase, runSqlFile } from '@rollgate/analysis';
import { describe, expect, it } from 'vitest';
import { bindParams, expectMatchesFile, insertEvents, normalise } from './sql-harness.js';

const root = fileURLToPath(new URL('../../notebooks-sql/', import.meta.url));
const queries = readdirSync(root).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')).sort();

describe('SQL tests are data (STYLE 13)', () => {
  it.each(queries)('%s has case folders, one of them "empty"', (query) => {
    const dir = join(root, 'tests', query);
    expect(existsSync(dir), `missing notebooks-sql/tests/${query}/`).toBe(true);
    expect(readdirSync(dir)).toContain('empty');
  });

  const cases = queries.flatMap((query) => {
    const dir = join(root, 'tests', query);
    return existsSync(dir) ? readdirSync(dir).sort().map((c) => [query, c] as const) : [];
  });
  it.each(cases)('%s / %s returns the expected rows', async (query, name) => {
    const dir = join(root, 'tests', query, name);
    const input = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')) as Record<string, unknown>[];
    const params = JSON.parse(readFileSync(join(dir, 'params.json'), 'utf8')) as Record<string, unknown>;
    const db = await openDatabase(undefined, { threads: 1 });
    try {
      await ensureEventTables(db.connection);
      await insertEvents(db.connection, input);
      const rows = await runSqlFile(db.connection, join(root, `${query}.sql`), bindParams(params));
      expectMatchesFile(join(dir, 'expected.json'), normalise(rows));
    } finally {
      db.close();
    }
  });
});
