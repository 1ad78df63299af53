import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEvents, openDatabase, type AnalysisDb, InputError } from '@rollgate/analysis';
import { event, databasePerTest, scratchDir, writeLines } from './fixtures.js';

let db: AnalysisDb;
const dir = scratchDir();

const rows = databasePerTest((opened) => (db = opened));

describe('ingestion: every input row is ingested or quarantined with a reason', () => {
  it.each([
    ['read whole by DuckDB', undefined],
    ['streamed line by line (big-file path)', 0],
  ])('JSON lines (%s): malformed rows go to quarantine, one reason each, and the counts add up', async (_mode, limit) => {
    const file = writeLines(dir, 'mixed.jsonl', [
      event('u1', '$feature_flag_called', 'd1', '2024-05-01T10:00:00Z', { $feature_flag: 'f', $feature_flag_response: 'test' }),
      '{"uuid":"u2","event":"signup","distinct_id":"d1","timestamp":"2024-05-01T11:00:00Z","properties":{"a"', // truncated
      event('u3', 'signup', 'd2', 'yesterday'), // bad timestamp
      JSON.stringify({ uuid: 'u4', event: 'signup', distinct_id: null, timestamp: '2024-05-01T11:00:00Z' }), // null id
      JSON.stringify({ uuid: 'u5', event: 'signup', distinct_id: 42, timestamp: '2024-05-01T11:00:00Z' }), // wrong type
      JSON.stringify({ uuid: 'u6', event: 'signup', distinct_id: 'd3', timestamp: 1714557600 }), // wrong type
      JSON.stringify({ uuid: 'u7', event: 'signup', distinct_id: 'd3', timestamp: '2024-05-01T11:00:00Z', properties: [1] }),
      '[1,2,3]',
      '   ',
      JSON.stringify({ event: 'signup', distinct_id: 'd3', timestamp: '2024-05-01T11:00:00Z' }), // no uuid
      JSON.stringify({ uuid: 'u9', event: 'signup', distinct_id: 'd4', timestamp: '2024-05-01T12:00:00+02:00', properties: '{"plan":"pro"}' }),
      JSON.stringify({ uuid: 'u10', event: 'signup', distinct_id: 'd5', timestamp: '2024-05-01 12:00:00', extra: true }),
    ]);
    const report = await loadEvents(db, [file], limit === undefined ? {} : { wholeTextFileLimitBytes: limit });
    expect(report.inputRows).toBe(11);
    expect(report.ingested + report.quarantined).toBe(report.inputRows);
    expect(report.ingested).toBe(3);
    expect(report.quarantineReasons).toEqual({
      'malformed JSON': 1,
      'bad timestamp': 1,
      'missing distinct_id': 1,
      'wrong type: distinct_id': 1,
      'wrong type: timestamp': 1,
      'wrong type: properties': 1,
      'not a JSON object': 1,
      'missing uuid': 1,
    });
    const quarantine = await rows('select source_row, reason from quarantine order by source_row');
    expect(quarantine.map((r) => r['source_row'])).toEqual(['2', '3', '4', '5', '6', '7', '8', '10']);
    const events = await rows(`select uuid, timestamp::varchar as ts, properties ->> '$.plan' as plan from events order by uuid`);
    expect(events).toEqual([
      { uuid: 'u1', ts: '2024-05-01 10:00:00', plan: null },
      { uuid: 'u10', ts: '2024-05-01 12:00:00', plan: null },
      { uuid: 'u9', ts: '2024-05-01 10:00:00', plan: 'pro' },
    ]);
  });

  it("Rollgate's exposure lines load as $feature_flag_called events (distinctId accepted for distinct_id)", async () => {
    const file = writeLines(dir, 'exposures.jsonl', [
      JSON.stringify({ uuid: 'x-1', event: '$feature_flag_called', distinct_id: 'u1', timestamp: '2024-05-01T10:00:00.000Z', properties: { $feature_flag: 'cta', $feature_flag_response: 'card', '$feature/cta': 'card', $feature_flag_reason: 'SPLIT' } }),
      JSON.stringify({ uuid: 'x-2', event: '$feature_flag_called', distinctId: 'u2', timestamp: '2024-05-01T10:00:00.000Z', properties: { $feature_flag: 'cta', $feature_flag_response: true } }),
    ]);
    const report = await loadEvents(db, [file]);
    expect(report).toMatchObject({ ingested: 2, quarantined: 0 });
    expect(await rows(`select distinct_id, properties ->> '$."$feature_flag_response"' as v from events order by uuid`)).toEqual([
      { distinct_id: 'u1', v: 'card' },
      { distinct_id: 'u2', v: 'true' },
    ]);
  });

  it.each([undefined, 0])('CRLF line endings and a last line without a newline load the same (text limit %s)', async (limit) => {
    const path = join(dir, `crlf-${limit}.jsonl`);
    writeFileSync(path, [event('r1', 'signup', 'd1', '2024-05-01T10:00:00Z'), '', event('r2', 'signup', 'd2', '2024-05-01T10:00:00Z')].join('\r\n'));
    const report = await loadEvents(db, [path], limit === undefined ? {} : { wholeTextFileLimitBytes: limit });
    expect(report).toMatchObject({ inputRows: 2, ingested: 2, quarantined: 0 });
    expect(await rows(`select uuid, source_row from events order by uuid`)).toEqual([
      { uuid: 'r1', source_row: '1' },
      { uuid: 'r2', source_row: '3' },
    ]);
  });

  it('duplicate uuids are collapsed to the first row and counted, across files and loads', async () => {
    const a = writeLines(dir, 'dup-a.jsonl', [
      event('x1', 'signup', 'd1', '2024-05-01T10:00:00Z', { n: 1 }),
      event('x1', 'signup', 'd1', '2024-05-01T10:00:00Z', { n: 2 }),
      event('x2', 'signup', 'd2', '2024-05-01T10:00:00Z'),
    ]);
    const b = writeLines(dir, 'dup-b.jsonl', [event('x2', 'signup', 'd2', '2024-05-01T10:00:00Z'), event('x3', 'signup', 'd3', '2024-05-01T10:00:00Z')]);
    const first = await loadEvents(db, [a, b]);
    expect(first).toMatchObject({ inputRows: 5, ingested: 5, duplicates: 2, added: 3 });
    expect(await rows(`select properties ->> '$.n' as n from events where uuid = 'x1'`)).toEqual([{ n: '1' }]);
    const again = await loadEvents(db, [b]);
    expect(again).toMatchObject({ ingested: 2, duplicates: 2, added: 0 });
  });

  it('Parquet batch export: JSON-string properties, microsecond timestamps, extra and missing columns', async () => {
    const file = join(dir, 'batch.parquet');
    await db.connection.run(`copy (
      select * from (values
        ('p1', '$feature_flag_called', 'd1', 1714557600000000::bigint, '{"$feature_flag":"f","$feature_flag_response":"control"}', 7),
        ('p2', 'signup', 'd1', 1714561200000000::bigint, '{"plan":"pro"}', 7),
        ('p3', 'signup', null, 1714561200000000::bigint, '{}', 7),
        ('p4', 'signup', 'd2', 1714561200000000::bigint, '{"a":', 7),
        (null, 'signup', 'd2', 1714561200000000::bigint, null, 7)
      ) as t(uuid, event, distinct_id, timestamp, properties, team_id)
    ) to '${file}' (format parquet)`);
    const report = await loadEvents(db, [file]);
    expect(report).toMatchObject({ inputRows: 5, ingested: 2, quarantined: 3 });
    expect(report.quarantineReasons).toEqual({ 'missing distinct_id': 1, 'wrong type: properties': 1, 'missing uuid': 1 });
    expect(await rows(`select uuid, timestamp::varchar as ts, properties ->> '$."$feature_flag_response"' as v from events order by uuid`)).toEqual([
      { uuid: 'p1', ts: '2024-05-01 10:00:00', v: 'control' },
      { uuid: 'p2', ts: '2024-05-01 11:00:00', v: null },
    ]);
    const q = await rows(`select source_row, raw from quarantine where reason = 'missing uuid'`);
    expect(q[0]!['source_row']).toBe('5');
    expect(String(q[0]!['raw'])).toContain('"event":"signup"');
  });

  it('Parquet with TIMESTAMPTZ and no properties column loads with empty properties', async () => {
    const file = join(dir, 'tz.parquet');
    await db.connection.run(`copy (select 'z1' as uuid, 'signup' as event, 'd1' as distinct_id,
      '2024-05-01 12:00:00+02'::timestamptz as timestamp) to '${file}' (format parquet)`);
    const report = await loadEvents(db, [file]);
    expect(report).toMatchObject({ ingested: 1, quarantined: 0 });
    expect(await rows(`select timestamp::varchar as ts, properties::varchar as p from events`)).toEqual([{ ts: '2024-05-01 10:00:00', p: '{}' }]);
  });

  it('PostHog UI CSV: prefixed and flattened property columns; ragged rows quarantined', async () => {
    const file = join(dir, 'ui.csv');
    writeFileSync(
      file,
      [
        '*.uuid,*.event,*.distinct_id,*.timestamp,properties.$feature_flag,properties.$feature_flag_response,properties.note',
        'c1,$feature_flag_called,d1,2024-05-01T10:00:00Z,f,test,"a, quoted\nnote"',
        'c2,signup,d1,2024-05-01T11:00:00Z,,,',
        'c3,signup,d2,not-a-time,,,',
        'c4,signup,d2',
        '',
      ].join('\n'),
    );
    const report = await loadEvents(db, [file]);
    expect(report.inputRows).toBe(4);
    expect(report).toMatchObject({ ingested: 2, quarantined: 2 });
    expect(report.quarantineReasons).toEqual({ 'bad timestamp': 1, 'malformed CSV row': 1 });
    expect(await rows(`select properties ->> '$."$feature_flag_response"' as v, properties ->> '$.note' as note from events where uuid = 'c1'`)).toEqual([
      { v: 'test', note: 'a, quoted\nnote' },
    ]);
  });

  // Properties are checked on every row but converted to JSON only on stored rows, after the
  // check (CandidateShape.props): each shape must come out the same in a full and a filtered load.
  it.each([
    ['a full load', undefined],
    ['a load storing signup only', ['signup']],
  ])('properties in every input shape (%s)', async (_mode, storeEvents) => {
    const parquet = (name: string, props: string) => {
      const file = join(dir, `${name}.parquet`);
      return db.connection
        .run(`copy (select * from (values
            ('${name}-1', 'signup', 'd1', '2024-05-01 10:00:00'::timestamp, ${props.split(' ;; ')[0]}),
            ('${name}-2', 'pageview', 'd1', '2024-05-01 10:00:00'::timestamp, ${props.split(' ;; ')[1]})
          ) as t(uuid, event, distinct_id, timestamp, properties)) to '${file}' (format parquet)`)
        .then(() => file);
    };
    const files = [
      await parquet('struct', `{'plan': 'pro', 'seats': 3} ;; {'plan': 'free', 'seats': 1}`),
      await parquet('map', `map {'plan': 'pro'} ;; map {'plan': 'free'}`),
      await parquet('int', `null::integer ;; 7`), // null reads as no properties; a number is the wrong type
      // (JSON may start with any JSON whitespace, a line feed and a tab here)
      await parquet('text', `'{"plan":"pro"}' ;; chr(10) || chr(9) || ' {"plan":"free"}'`),
    ];
    const csv = join(dir, 'merge.csv');
    writeFileSync(
      csv,
      [
        "uuid,event,distinct_id,timestamp,properties,properties.plan,properties.it's",
        'csv-1,signup,d1,2024-05-01T10:00:00Z,"{""plan"":""free"",""seats"":2}",pro,quoted',
        'csv-2,signup,d1,2024-05-01T10:00:00Z,,,',
        'csv-3,signup,d1,2024-05-01T10:00:00Z,[1],pro,',
        '',
      ].join('\n'),
    );
    const signup = (uuid: string, fields: object) =>
      JSON.stringify({ uuid, event: 'signup', distinct_id: 'd1', timestamp: '2024-05-01T10:00:00Z', ...fields });
    const jsonl = writeLines(dir, 'props.jsonl', [
      event('json-1', 'signup', 'd1', '2024-05-01T10:00:00Z', { plan: 'pro' }),
      signup('json-2', { properties: '{"plan":"pro"}' }),
      signup('json-3', { properties: null }),
      signup('json-4', {}),
      signup('json-5', { properties: '{"plan":' }),
      signup('json-6', { properties: 5 }),
      signup('json-7', { properties: '\r\n{"plan":"pro"}' }),
    ]);
    const report = await loadEvents(db, [...files, csv, jsonl], { storeEvents });
    expect(report.quarantineReasons).toEqual({ 'wrong type: properties': 4 });
    expect((await rows('select source_file, source_row from quarantine order by all')).map((r) => `${String(r['source_file']).split('/').pop()}:${r['source_row']}`)).toEqual([
      'int.parquet:2',
      'merge.csv:3',
      'props.jsonl:5',
      'props.jsonl:6',
    ]);
    const stored = await rows(`select uuid, properties::varchar as p from events order by uuid`);
    const all = [
      // flattened columns win over the JSON column; an empty cell is no key (a JSON merge patch)
      { uuid: 'csv-1', p: `{"seats":2,"plan":"pro","it's":"quoted"}` },
      { uuid: 'csv-2', p: '{}' },
      { uuid: 'int-1', p: '{}' },
      { uuid: 'json-1', p: '{"plan":"pro"}' },
      { uuid: 'json-2', p: '{"plan":"pro"}' },
      { uuid: 'json-3', p: '{}' },
      { uuid: 'json-4', p: '{}' },
      { uuid: 'json-7', p: '\r\n{"plan":"pro"}' },
      { uuid: 'map-1', p: '{"plan":"pro"}' },
      { uuid: 'map-2', p: '{"plan":"free"}' },
      { uuid: 'struct-1', p: '{"plan":"pro","seats":3}' },
      { uuid: 'struct-2', p: '{"plan":"free","seats":1}' },
      { uuid: 'text-1', p: '{"plan":"pro"}' },
      { uuid: 'text-2', p: '\n\t {"plan":"free"}' },
    ];
    const pageviews = new Set(['map-2', 'struct-2', 'text-2']);
    expect(stored).toEqual(storeEvents === undefined ? all : all.filter((r) => !pageviews.has(r.uuid)));
  });

  it('globs expand to several files; a glob with no match and a missing file are InputErrors', async () => {
    writeLines(dir, 'glob-1.jsonl', [event('g1', 'signup', 'd1', '2024-05-01T10:00:00Z')]);
    writeLines(dir, 'glob-2.jsonl', [event('g2', 'signup', 'd1', '2024-05-01T10:00:00Z')]);
    const report = await loadEvents(db, [join(dir, 'glob-*.jsonl')]);
    expect(report.files.map((f) => f.file.endsWith('glob-1.jsonl'))).toEqual([true, false]);
    expect(report.added).toBe(2);
    await expect(loadEvents(db, [join(dir, 'nothing-*.jsonl')])).rejects.toBeInstanceOf(InputError);
    await expect(loadEvents(db, [join(dir, 'absent.jsonl')])).rejects.toThrow(/file not found: .*absent\.jsonl/);
    await expect(loadEvents(db, [writeLines(dir, 'x.txt', ['a'])])).rejects.toThrow(/unknown events file type/);
  });

  it('a load is all or nothing: when a later file cannot be read, rows of earlier files are not kept', async () => {
    const good = writeLines(dir, 'atomic-good.jsonl', [event('at1', 'signup', 'd1', '2024-05-01T10:00:00Z')]);
    const bad = join(dir, 'atomic-bad.parquet');
    writeFileSync(bad, 'this is not parquet');
    await expect(loadEvents(db, [good, bad])).rejects.toThrow(/atomic-bad\.parquet: cannot read as parquet/);
    expect(await rows('select count(*)::integer as n from events')).toEqual([{ n: 0 }]);
    expect(await rows('select count(*)::integer as n from quarantine')).toEqual([{ n: 0 }]);
  });

  it('an empty file and a header-only CSV load as zero rows', async () => {
    const empty = writeLines(dir, 'empty.jsonl', []);
    const header = join(dir, 'header-only.csv');
    writeFileSync(header, 'uuid,event,distinct_id,timestamp,properties\n');
    const report = await loadEvents(db, [empty, header]);
    expect(report).toMatchObject({ inputRows: 0, ingested: 0, quarantined: 0, added: 0 });
  });

  it('a persistent database file keeps the events between opens', async () => {
    const path = join(dir, 'keep.duckdb');
    const first = await openDatabase(path);
    await loadEvents(first, [writeLines(dir, 'keep.jsonl', [event('k1', 'signup', 'd1', '2024-05-01T10:00:00Z')])]);
    first.close();
    const second = await openDatabase(path);
    const reader = await second.connection.runAndReadAll('select count(*)::integer as n from events');
    expect(reader.getRowObjectsJS()).toEqual([{ n: 1 }]);
    second.close();
  });

  it('progress is reported while loading', async () => {
    const lines = Array.from({ length: 20000 }, (_, i) => event(`pp${i}`, 'signup', `d${i % 500}`, '2024-05-01T10:00:00Z', { v: i }));
    const file = writeLines(dir, 'progress.jsonl', lines);
    const seen: string[] = [];
    await loadEvents(db, [file], { progressIntervalMs: 1, onProgress: (p) => seen.push(p.phase) });
    expect(seen.length).toBeGreaterThan(0);
  });
});
