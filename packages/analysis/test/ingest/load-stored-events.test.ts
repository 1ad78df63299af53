// loadEvents with `storeEvents`: every row is validated and counted as in a full load, only the
// listed events are stored, and a stored row is a duplicate exactly when a full load would drop
// it (its uuid had an earlier valid row, of any event); repeats among the rows left out are not
// looked for, they are all counted as not stored. The experiment answer, the stored rows and the
// quarantine must be those of a full load, in every format, over several files, and into a
// persistent database.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  analyzeExperiment,
  experimentEvents,
  loadEvents,
  openDatabase,
  type AnalysisDb,
  type LoadReport,
  type MetricSpec,
} from '@rollgate/analysis';
import { scratchDir } from './fixtures.js';

const dir = scratchDir();
const open: AnalysisDb[] = [];
afterAll(() => open.forEach((db) => db.close()));

const metrics: MetricSpec[] = [
  { kind: 'conversion', event: 'purchase' },
  { kind: 'continuous', event: 'purchase', property: 'revenue', aggregate: 'sum' },
  { kind: 'ratio', event: 'purchase', property: 'revenue', denominatorEvent: 'cart' },
];
const STORED = experimentEvents(metrics);

/** One input row: the fields as written (any type, for bad rows), or a raw JSON line. */
type Row = { uuid?: unknown; event?: unknown; distinct_id?: unknown; timestamp?: unknown; properties?: unknown } | { rawLine: string };

const T = (minutes: number) => new Date(Date.parse('2024-05-01T00:00:00Z') + minutes * 60_000).toISOString();
const ok = (uuid: string, event: string, id: string, minutes: number, properties: object = {}): Row => ({ uuid, event, distinct_id: id, timestamp: T(minutes), properties });
const exposure = (uuid: string, id: string, variant: string, minutes = 0) => ok(uuid, '$feature_flag_called', id, minutes, { $feature_flag: 'f', $feature_flag_response: variant });

// First file: exposures, metric events and page views, with duplicates and bad rows among
// events that are not stored.
const first: Row[] = [];
for (let i = 0; i < 12; i++) {
  first.push(exposure(`x-c${i}`, `c${i}`, 'control'), exposure(`x-t${i}`, `t${i}`, 'test', 1));
  first.push(ok(`pv-c${i}`, '$pageview', `c${i}`, 2, { url: `/p/${i}` }), ok(`pv-t${i}`, '$pageview', `t${i}`, 2));
  first.push(ok(`cart-t${i}`, 'cart', `t${i}`, 3, { items: 1 }));
  if (i < 3) first.push(ok(`buy-c${i}`, 'purchase', `c${i}`, 5, { revenue: 10 + i }));
  if (i < 6) first.push(ok(`buy-t${i}`, 'purchase', `t${i}`, 5, { revenue: 20 + i }));
}
first.push(
  // The first occurrence of 'shared-1' is a page view (not stored); its later purchase (second
  // file) is a duplicate and must not count as t9's conversion.
  ok('shared-1', '$pageview', 't9', 4),
  // Duplicates within stored events: a repeated purchase (a second revenue must not count) and
  // a repeated exposure.
  ok('buy-t0', 'purchase', 't0', 6, { revenue: 1000 }),
  exposure('x-c0', 'c0', 'control', 7),
  // Duplicates within page views.
  ok('pv-c1', '$pageview', 'c1', 8),
  // Bad rows among events that are not stored: each is quarantined and counted.
  { rawLine: '{"uuid":"bad-1","event":"$pageview","distinct_id":"c1","timestamp":"2024-05-01T00:09:00Z","properties":{"a"' },
  { uuid: 'bad-2', event: '$pageview', distinct_id: 'c2', timestamp: '2024-13-45T99:00:00Z' },
  { uuid: 'bad-3', event: '$pageview', distinct_id: null, timestamp: T(9) },
  { uuid: 'bad-4', event: '$pageview', distinct_id: 'c3', timestamp: T(9), properties: '[1,2]' },
  // (a number: a wrong type in JSON lines; CSV and text Parquet columns read it as the text '42')
  { uuid: 'bad-7', event: '$pageview', distinct_id: 42, timestamp: T(9) },
  { uuid: 'bad-5', event: 'signup', distinct_id: 'c4', timestamp: 'yesterday' },
  // A bad row of a stored event, too.
  { uuid: 'bad-6', event: 'purchase', distinct_id: 'c5', timestamp: 'not a time', properties: { revenue: 5 } },
);

// Second file: a later purchase reusing 'shared-1', a page view repeating a stored purchase's
// uuid (the purchase stays, the page view is the duplicate), and new events.
const second: Row[] = [
  ok('shared-1', 'purchase', 't9', 10, { revenue: 99 }),
  ok('buy-c1', '$pageview', 'c1', 11),
  exposure('x-c0', 'c0', 'control', 12),
  ok('buy-t7', 'purchase', 't7', 12, { revenue: 27 }),
  ok('pv-late', '$pageview', 't7', 12),
  ok('cart-c0', 'cart', 'c0', 13, { items: 2 }),
];

function jsonl(rows: Row[]): string {
  return rows.map((r) => ('rawLine' in r ? r.rawLine : JSON.stringify(r))).join('\n') + '\n';
}

/** CSV text fields; a raw JSON line (truncated JSON) becomes properties that are not a JSON object. */
function csv(rows: Row[]): string {
  const field = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = rows.map((r) =>
    'rawLine' in r
      ? ['bad-1', '$pageview', 'c1', '2024-05-01T00:09:00Z', field('{"a"')].join(',')
      : [r.uuid, r.event, r.distinct_id, r.timestamp, r.properties].map(field).join(','),
  );
  return ['uuid,event,distinct_id,timestamp,properties', ...lines].join('\n') + '\n';
}

/** Parquet with text columns (so bad timestamps and non-object properties can be written). */
async function parquet(db: AnalysisDb, rows: Row[], path: string): Promise<void> {
  const text = (v: unknown) => (v === null || v === undefined ? 'null' : `'${(typeof v === 'string' ? v : JSON.stringify(v)).replaceAll("'", "''")}'`);
  const values = rows.map((r) =>
    'rawLine' in r
      ? `('bad-1', '$pageview', 'c1', '2024-05-01T00:09:00Z', '{"a"', 1)`
      : `(${[r.uuid, r.event, r.distinct_id, r.timestamp, r.properties].map(text).join(', ')}, 1)`,
  );
  await db.connection.run(`copy (select * from (values ${values.join(', ')}) as t(uuid, event, distinct_id, timestamp, properties, team_id))
    to '${path}' (format parquet)`);
}

async function writeFiles(format: 'jsonl' | 'csv' | 'parquet', name: string): Promise<string[]> {
  const paths = [join(dir, `${name}-1.${format}`), join(dir, `${name}-2.${format}`)];
  const scratch = await openDatabase();
  try {
    for (const [i, rows] of [first, second].entries()) {
      if (format === 'jsonl') writeFileSync(paths[i]!, jsonl(rows));
      else if (format === 'csv') writeFileSync(paths[i]!, csv(rows));
      else await parquet(scratch, rows, paths[i]!);
    }
  } finally {
    scratch.close();
  }
  return paths;
}

async function rows(db: AnalysisDb, sql: string): Promise<Record<string, unknown>[]> {
  return (await db.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

const eventsSql = `select uuid, event, distinct_id, timestamp::varchar as ts, properties::varchar as properties, source_file, source_row
  from events order by source_file, source_row`;

async function load(paths: string[], options: { storeEvents?: readonly string[]; wholeTextFileLimitBytes?: number } = {}, dbPath?: string) {
  const db = await openDatabase(dbPath);
  open.push(db);
  const report = await loadEvents(db, paths, options);
  return { db, report };
}

/** The counts that must not depend on which events are stored. */
function accounting(r: LoadReport) {
  return { inputRows: r.inputRows, ingested: r.ingested, quarantined: r.quarantined, quarantineReasons: r.quarantineReasons, files: r.files };
}

/** Valid rows of the stored events in both files, whatever the format (bad-6 is the one bad row among them). */
const storedValid = [...first, ...second].filter((r) => !('rawLine' in r) && STORED.includes(String(r.event)) && r.uuid !== 'bad-6').length;
/** Of those, the repeats a full load drops: shared-1 (purchase, its first row a page view), buy-t0, x-c0 twice. */
const storedRepeats = 4;

describe('loadEvents storeEvents: a filtered load answers exactly as a full load', () => {
  it.each([
    ['jsonl', {}],
    ['jsonl', { wholeTextFileLimitBytes: 0 }],
    ['csv', {}],
    ['parquet', {}],
  ] as const)('%s %j: same experiment results and quarantine, the rows and duplicates a full load has of the listed events', async (format, extra) => {
    const paths = await writeFiles(format, `same-${format}-${Object.keys(extra).length}`);
    const full = await load(paths, extra);
    const filtered = await load(paths, { ...extra, storeEvents: STORED });

    expect(accounting(filtered.report)).toEqual(accounting(full.report));
    expect(full.report.notStored).toBe(0);
    // Duplicates: the full load's, less the repeats among page views (pv-c1, and buy-c1's page
    // view twin), which count as not stored with every other valid row of an unstored event.
    expect(filtered.report.duplicates).toBe(storedRepeats);
    expect(full.report.duplicates).toBe(storedRepeats + 2);
    expect(filtered.report.added).toBe(storedValid - storedRepeats);
    expect(filtered.report.notStored).toBe(filtered.report.ingested - storedValid);
    const [other] = await rows(full.db, `select count(*)::integer as n from events where event not in ('$feature_flag_called', 'purchase', 'cart')`);
    expect(filtered.report.notStored).toBe(Number(other!['n']) + 2);
    expect(filtered.report.inputRows).toBe(filtered.report.added + filtered.report.duplicates + filtered.report.quarantined + filtered.report.notStored);

    // The stored rows are the full load's rows of those events, row for row.
    expect(await rows(filtered.db, eventsSql)).toEqual(
      (await rows(full.db, eventsSql)).filter((r) => STORED.includes(String(r['event']))),
    );
    expect(await rows(filtered.db, 'select * from quarantine order by source_file, source_row')).toEqual(
      await rows(full.db, 'select * from quarantine order by source_file, source_row'),
    );
    const options = { flag: 'f', metrics, weights: { control: 50, test: 50 } };
    expect(await analyzeExperiment(filtered.db, options)).toEqual(await analyzeExperiment(full.db, options));
  });

  it('a uuid first seen on an event that is not stored makes its later stored row a duplicate', async () => {
    const paths = await writeFiles('jsonl', 'shared');
    const { db, report } = await load(paths, { storeEvents: STORED });
    expect(await rows(db, `select count(*)::integer as n from events where uuid = 'shared-1'`)).toEqual([{ n: 0 }]);
    // buy-c1 stays the purchase; its page-view twin in the second file is the duplicate.
    expect(await rows(db, `select event, source_row from events where uuid = 'buy-c1'`)).toEqual([{ event: 'purchase', source_row: expect.any(String) }]);
    // t9 has a cart but no purchase of its own: not a conversion.
    const [conversion] = await analyzeExperiment(db, { flag: 'f', metrics: [metrics[0]!] });
    expect(conversion!.variants.find((v) => v.variant === 'test')).toMatchObject({ units: 12, conversions: 7 });
    // shared-1 (purchase), buy-t0, x-c0 twice; pv-c1 and buy-c1's page view are not stored.
    expect(report.duplicates).toBe(4);
    expect(report.quarantineReasons).toEqual({
      'malformed JSON': 1,
      'bad timestamp': 3,
      'missing distinct_id': 1,
      'wrong type: distinct_id': 1,
      'wrong type: properties': 1,
    });
  });

  it('files of different formats in one load: the same accounting and answer as a full load', async () => {
    const [jsonlFirst] = await writeFiles('jsonl', 'mixed');
    const [, parquetSecond] = await writeFiles('parquet', 'mixed');
    const paths = [jsonlFirst!, parquetSecond!];
    const full = await load(paths);
    const filtered = await load(paths, { storeEvents: STORED });
    expect(accounting(filtered.report)).toEqual(accounting(full.report));
    const options = { flag: 'f', metrics };
    expect(await analyzeExperiment(filtered.db, options)).toEqual(await analyzeExperiment(full.db, options));
  });

  it('an empty list stores nothing and still counts every row', async () => {
    const paths = await writeFiles('jsonl', 'none');
    const full = await load(paths);
    const none = await load(paths, { storeEvents: [] });
    expect(accounting(none.report)).toEqual(accounting(full.report));
    expect(none.report).toMatchObject({ added: 0, duplicates: 0, notStored: full.report.ingested });
    expect(await rows(none.db, 'select count(*)::integer as n from events')).toEqual([{ n: 0 }]);
  });

  it('a persistent database loaded twice: the second load stores nothing again and the answer stays', async () => {
    const paths = await writeFiles('parquet', 'persist');
    const path = join(dir, 'persist.duckdb');
    const once = await load(paths, { storeEvents: STORED }, path);
    const answer = await analyzeExperiment(once.db, { flag: 'f', metrics });
    const stored = await rows(once.db, eventsSql);
    once.db.close();
    open.splice(open.indexOf(once.db), 1);

    const twice = await load(paths, { storeEvents: STORED }, path);
    // Every stored row is now a duplicate of `events`; rows of other events are counted again
    // as not stored (a filtered load checks duplicates against the uuids it stored only).
    expect(twice.report.added).toBe(0);
    expect(twice.report.duplicates).toBe(once.report.duplicates + once.report.added);
    expect(twice.report.notStored).toBe(once.report.notStored);
    expect(await rows(twice.db, eventsSql)).toEqual(stored);
    expect(await rows(twice.db, 'select count(*)::integer as n from quarantine')).toEqual([{ n: once.report.quarantined }]);
    expect(await analyzeExperiment(twice.db, { flag: 'f', metrics })).toEqual(answer);
  });

  it('after a full load into a database, a filtered load of the same files finds every stored row a duplicate', async () => {
    const paths = await writeFiles('csv', 'after-full');
    const { db, report } = await load(paths);
    const again = await loadEvents(db, paths, { storeEvents: STORED });
    expect(again).toMatchObject({ added: 0, duplicates: storedValid, notStored: report.ingested - storedValid, quarantined: report.quarantined });
  });
});
