import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEvents, openDatabase, type AnalysisDb } from '@rollgate/analysis';
import { databasePerTest, scratchDir } from './fixtures.js';

// CSV records are what DuckDB's reader takes as one (see addRejectedCsvRecords): every one of them
// ends in `events` or in `quarantine`, in a full load (what `--db` runs) and a filtered one.

let db: AnalysisDb;
const dir = scratchDir();

const rows = databasePerTest((opened) => (db = opened));

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const HEADER = 'uuid,event,distinct_id,timestamp,properties';
const LOADS = [
  ['a full load', undefined],
  ['a load storing x only', ['x']],
] as const;

describe('CSV: every record DuckDB reads is stored or quarantined', () => {
  it.each(LOADS)('a field opening a quote never closed (%s): its row is quarantined, the next row loads', async (_mode, storeEvents) => {
    const file = csv('unterminated.csv', [HEADER, 'q1,x,d1,2024-01-01T00:00:00Z,"{}', 'q2,x,d1,2024-01-01T00:00:00Z,{}']);
    const report = await loadEvents(db, [file], { storeEvents });
    expect(report).toMatchObject({ inputRows: 2, ingested: 1, quarantined: 1, added: 1 });
    // (DuckDB reads quotes as plain text in this file, so the properties are `"{}`)
    expect(report.quarantineReasons).toEqual({ 'wrong type: properties': 1 });
    expect(await rows('select source_row, reason, raw from quarantine')).toEqual([
      { source_row: '1', reason: 'wrong type: properties', raw: expect.stringContaining('"uuid":"q1"') },
    ]);
    expect(await rows('select uuid, source_row from events')).toEqual([{ uuid: 'q2', source_row: '2' }]);
  });

  it.each(LOADS)('a quote inside an unquoted field is text (%s): every row loads', async (_mode, storeEvents) => {
    const file = csv('stray-quote.csv', [HEADER, 'q1,x,d"1,2024-01-01T00:00:00Z,{}', 'q2,x,d1,2024-01-01T00:00:00Z,{}', 'q3,x,d1,2024-01-01T00:00:00Z,{}']);
    const report = await loadEvents(db, [file], { storeEvents });
    expect(report).toMatchObject({ inputRows: 3, ingested: 3, quarantined: 0, added: 3 });
    expect(await rows('select uuid, distinct_id, source_row from events order by source_row')).toEqual([
      { uuid: 'q1', distinct_id: 'd"1', source_row: '1' },
      { uuid: 'q2', distinct_id: 'd1', source_row: '2' },
      { uuid: 'q3', distinct_id: 'd1', source_row: '3' },
    ]);
  });

  it('a persistent database (--db): the unterminated quote row is quarantined there too', async () => {
    const file = csv('unterminated-db.csv', [HEADER, 'q1,x,d1,2024-01-01T00:00:00Z,"{}', 'q2,x,d1,2024-01-01T00:00:00Z,{}']);
    const path = join(dir, 'unterminated.duckdb');
    const fileDb = await openDatabase(path);
    try {
      const report = await loadEvents(fileDb, [file]);
      expect(report).toMatchObject({ inputRows: 2, ingested: 1, quarantined: 1 });
      const count = async (table: string) => Number((await fileDb.connection.runAndReadAll(`select count(*) from ${table}`)).getRows()[0]?.[0]);
      expect([await count('events'), await count('quarantine')]).toEqual([1, 1]);
    } finally {
      fileDb.close();
    }
  });

  it.each(LOADS)('source_row is the record ordinal after the header, for rejected rows and the rows after them (%s)', async (_mode, storeEvents) => {
    const file = csv('ordinals.csv', [
      HEADER,
      'r1,x,d1,2024-01-01T00:00:00Z,{}',
      'r2,x,d1', // rejected by the reader
      'r3,x,d1,notatime,{}',
      '', // an empty line is no record
      'r5,x,d1', // rejected
      'r6,x,d1,2024-01-01T00:00:00Z,{}',
    ]);
    const report = await loadEvents(db, [file], { storeEvents });
    expect(report).toMatchObject({ inputRows: 5, ingested: 2, quarantined: 3, quarantineReasons: { 'malformed CSV row': 2, 'bad timestamp': 1 } });
    expect(await rows('select source_row, reason, raw from quarantine order by source_row')).toEqual([
      { source_row: '2', reason: 'malformed CSV row', raw: 'r2,x,d1' },
      { source_row: '3', reason: 'bad timestamp', raw: expect.stringContaining('"uuid":"r3"') },
      { source_row: '4', reason: 'malformed CSV row', raw: 'r5,x,d1' },
    ]);
    expect(await rows('select uuid, source_row from events order by source_row')).toEqual([
      { uuid: 'r1', source_row: '1' },
      { uuid: 'r6', source_row: '5' },
    ]);
  });
});
