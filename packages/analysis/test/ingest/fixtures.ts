import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type AnalysisDb } from '@rollgate/analysis';

/** A scratch directory for one test file's fixtures. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'rollgate-analysis-'));
}

export function writeLines(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

export function event(uuid: string, eventName: string, distinctId: string, timestamp: string, properties: object = {}): string {
  return JSON.stringify({ uuid, event: eventName, distinct_id: distinctId, timestamp, properties });
}

/**
 * A fresh in-memory database for each test of the calling file: `use` receives it before the test
 * (the file keeps it in its own `db`), and it is closed after. Returns `rows`, which reads a query's
 * result as JSON objects from the current database.
 */
export function databasePerTest(use: (db: AnalysisDb) => void): (sql: string) => Promise<Record<string, unknown>[]> {
  let current: AnalysisDb | undefined;
  beforeEach(async () => {
    current = await openDatabase();
    use(current);
  });
  afterEach(() => current?.close());
  return async (sql) => (await current!.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}
