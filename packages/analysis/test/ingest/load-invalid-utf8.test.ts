import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEvents, type AnalysisDb } from '@rollgate/analysis';
import { Utf8Check } from '../../src/ingest/utf8-check.js';
import { event, databasePerTest, scratchDir } from './fixtures.js';

// A JSON-lines file with bytes that are not UTF-8 (a line written in Latin-1, say): that line is
// quarantined as 'invalid UTF-8' and the others load, whether the file would be read whole or
// streamed. Before, a small file failed whole and a streamed one stored the line with U+FFFD in
// place of the bytes, silently altered.

let db: AnalysisDb;
const dir = scratchDir();

const rows = databasePerTest((opened) => (db = opened));

const PATHS = [
  ['small enough to be read whole', undefined],
  ['streamed line by line', 0],
] as const;

function mixedFile(name: string): string {
  const latin1 = Buffer.from(event('bad', 'caf\u00e9', 'd1', '2024-01-01T00:00:00Z'), 'latin1');
  const lines = [
    Buffer.from(event('a1', 'x', 'd1', '2024-01-01T00:00:00Z')),
    latin1,
    // a valid multi-byte character, and a line whose last byte starts a character that never ends
    Buffer.from(event('a2', 'caf\u00e9', 'd1', '2024-01-01T00:00:00Z')),
    Buffer.concat([Buffer.from(event('cut', 'x', 'd1', '2024-01-01T00:00:00Z').slice(0, -1)), Buffer.from([0xe2, 0x82])]),
  ];
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));
  return path;
}

describe('JSON lines that are not valid UTF-8', () => {
  it.each(PATHS)('each bad line is quarantined as invalid UTF-8, the others load (%s)', async (_mode, limit) => {
    const report = await loadEvents(db, [mixedFile('mixed.jsonl')], { wholeTextFileLimitBytes: limit });
    expect(report).toMatchObject({ inputRows: 4, ingested: 2, quarantined: 2, quarantineReasons: { 'invalid UTF-8': 2 } });
    expect(await rows('select uuid, event, source_row from events order by source_row')).toEqual([
      { uuid: 'a1', event: 'x', source_row: '1' },
      { uuid: 'a2', event: 'caf\u00e9', source_row: '3' },
    ]);
    const quarantined = await rows(`select source_row, reason, raw like '%"bad"%' as named from quarantine order by source_row`);
    expect(quarantined).toEqual([
      { source_row: '2', reason: 'invalid UTF-8', named: true },
      { source_row: '4', reason: 'invalid UTF-8', named: false },
    ]);
  });

});

describe('Utf8Check: valid UTF-8 fed in chunks', () => {
  const text = Buffer.from('a\u00e9\u20ac\u{1F600}z \u00e9\u20ac\u{1F600}', 'utf8');

  it('is valid wherever the chunks split a character (every split into three chunks)', () => {
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) {
        const check = new Utf8Check();
        check.push(text.subarray(0, i));
        check.push(text.subarray(i, j));
        check.push(text.subarray(j));
        expect(check.end(), `split at ${i}, ${j}`).toBe(true);
      }
    }
  });

  it('is invalid for a stray byte, an overlong form, or a stream ending inside a character, wherever split', () => {
    const bad = [
      Buffer.concat([text, Buffer.from([0xe9]), text]), // Latin-1 e-acute
      Buffer.concat([text, Buffer.from([0xc0, 0xaf])]), // overlong '/'
      Buffer.concat([text, Buffer.from([0xf0, 0x9f, 0x98])]), // cut short
    ];
    for (const bytes of bad) {
      for (let i = 0; i <= bytes.length; i++) {
        const check = new Utf8Check();
        check.push(bytes.subarray(0, i));
        check.push(bytes.subarray(i));
        expect(check.end(), `split at ${i} of ${bytes.toString('hex')}`).toBe(false);
      }
    }
  });
});
