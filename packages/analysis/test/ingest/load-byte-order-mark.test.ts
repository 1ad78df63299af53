import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEvents, type AnalysisDb } from '@rollgate/analysis';
import { event, databasePerTest, scratchDir } from './fixtures.js';

// One UTF-8 byte order mark opening a JSON-lines file is a mark, not content: dropped, whether the
// file is read whole or streamed. Anywhere else it is a character of its line.

let db: AnalysisDb;
const dir = scratchDir();
const BOM = '\uFEFF';

const rows = databasePerTest((opened) => (db = opened));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, 'utf8');
  return path;
}

const PATHS = [
  ['read whole by DuckDB', undefined],
  ['streamed line by line', 0],
] as const;

describe('JSON lines: a byte order mark at the start of the file', () => {
  it.each(PATHS)('opening a valid first line (%s): every line loads', async (_mode, limit) => {
    const path = file('bom.jsonl', BOM + [event('b1', 'x', 'd1', '2024-01-01T00:00:00Z'), event('b2', 'x', 'd1', '2024-01-01T00:00:00Z')].join('\n') + '\n');
    const report = await loadEvents(db, [path], { wholeTextFileLimitBytes: limit });
    expect(report).toMatchObject({ inputRows: 2, ingested: 2, quarantined: 0 });
    expect(await rows('select uuid, source_row from events order by source_row')).toEqual([
      { uuid: 'b1', source_row: '1' },
      { uuid: 'b2', source_row: '2' },
    ]);
  });

  it.each(PATHS)('alone on the first line (%s): that line is blank, and a BOM-only line later is malformed JSON', async (_mode, limit) => {
    const path = file('bom-line.jsonl', [BOM, event('b1', 'x', 'd1', '2024-01-01T00:00:00Z'), BOM, event('b2', 'x', 'd1', '2024-01-01T00:00:00Z')].join('\n') + '\n');
    const report = await loadEvents(db, [path], { wholeTextFileLimitBytes: limit });
    expect(report).toMatchObject({ inputRows: 3, ingested: 2, quarantined: 1, quarantineReasons: { 'malformed JSON': 1 } });
    // (compared in SQL: the node client's text decoding drops a leading BOM)
    expect(await rows('select source_row, raw = chr(65279) as bom from quarantine')).toEqual([{ source_row: '3', bom: true }]);
    expect(await rows('select uuid, source_row from events order by source_row')).toEqual([
      { uuid: 'b1', source_row: '2' },
      { uuid: 'b2', source_row: '4' },
    ]);
  });
});
