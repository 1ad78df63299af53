import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEvents, runSqlFile, type AnalysisDb } from '@rollgate/analysis';
import { event, databasePerTest, scratchDir, writeLines } from './fixtures.js';

// An event time is a finite instant: DuckDB's special values ('infinity', '-infinity', 'epoch'
// as text; infinite native timestamps) are 'bad timestamp', in every format.

let db: AnalysisDb;
const dir = scratchDir();

const rows = databasePerTest((opened) => (db = opened));

describe("'bad timestamp': special timestamp values are not event times", () => {
  it.each([
    ['read whole by DuckDB', undefined],
    ['streamed line by line', 0],
  ])('JSON lines (%s): infinity, -infinity and epoch text are quarantined', async (_mode, limit) => {
    const file = writeLines(dir, 'special.jsonl', [
      event('ok', 'run_finished', 'd1', '2024-05-01T10:00:00Z'),
      event('inf', 'run_finished', 'd1', 'infinity'),
      event('neg', 'run_finished', 'd1', '-infinity'),
      event('epoch', 'run_finished', 'd1', 'epoch'),
    ]);
    const report = await loadEvents(db, [file], { wholeTextFileLimitBytes: limit });
    expect(report).toMatchObject({ inputRows: 4, ingested: 1, quarantined: 3, quarantineReasons: { 'bad timestamp': 3 } });
    expect(await rows('select source_row, reason from quarantine order by source_row')).toEqual([
      { source_row: '2', reason: 'bad timestamp' },
      { source_row: '3', reason: 'bad timestamp' },
      { source_row: '4', reason: 'bad timestamp' },
    ]);
    expect(await rows('select uuid, timestamp::varchar as ts from events')).toEqual([{ uuid: 'ok', ts: '2024-05-01 10:00:00' }]);
    // the latency plans' as-of time reads every stored timestamp back into JS
    const [latest] = await runSqlFile(db.connection, 'notebooks-sql/latest-event-time.sql', { event: 'run_finished' });
    expect(latest?.['latest']).toEqual(new Date('2024-05-01T10:00:00Z'));
  });

  it('CSV: infinity text is quarantined', async () => {
    const file = join(dir, 'special.csv');
    writeFileSync(file, 'uuid,event,distinct_id,timestamp\nok,x,d1,2024-05-01T10:00:00Z\ninf,x,d1,infinity\nepoch,x,d1,epoch\n');
    const report = await loadEvents(db, [file]);
    expect(report).toMatchObject({ inputRows: 3, ingested: 1, quarantineReasons: { 'bad timestamp': 2 } });
    expect(await rows('select source_row from quarantine order by source_row')).toEqual([{ source_row: '2' }, { source_row: '3' }]);
  });

  it.each([
    ['TIMESTAMP', `'infinity'::timestamp`, `'-infinity'::timestamp`],
    ['TIMESTAMPTZ', `'infinity'::timestamptz`, `'-infinity'::timestamptz`],
    ['DATE', `'infinity'::date`, `'-infinity'::date`],
  ])('Parquet %s: infinite values are quarantined, finite ones load', async (type, inf, negInf) => {
    const file = join(dir, `special-${type}.parquet`);
    await db.connection.run(`copy (select * from (values
        ('ok', 'x', 'd1', '2024-05-01 10:00:00'::timestamp::${type}),
        ('inf', 'x', 'd1', ${inf}),
        ('neg', 'x', 'd1', ${negInf})
      ) as t(uuid, event, distinct_id, timestamp)) to '${file}' (format parquet)`);
    for (const storeEvents of [undefined, ['x']]) {
      await db.connection.run('drop table if exists events; drop table if exists quarantine');
      const report = await loadEvents(db, [file], { storeEvents });
      expect(report).toMatchObject({ inputRows: 3, ingested: 1, quarantined: 2, quarantineReasons: { 'bad timestamp': 2 } });
      expect(await rows('select source_row from quarantine order by source_row')).toEqual([{ source_row: '2' }, { source_row: '3' }]);
      expect(await rows('select uuid from events')).toEqual([{ uuid: 'ok' }]);
    }
  });
});
