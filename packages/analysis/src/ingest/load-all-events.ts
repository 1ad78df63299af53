import type { DuckDBConnection } from '@duckdb/node-api';
import { AnalysisError } from '../errors/analysis-error.js';
import { InputError } from '../errors/input-error.js';
import { scalar, withProgress } from './connection-helpers.js';
import { detectEventFormat } from './event-format.js';
import { FILE_ROWS, readFileRows } from './file-rows.js';
import type { LoadContext } from './load-events.js';
import { addFileReport, checkRowAccounting, type FileLoadReport } from './load-report.js';
import { sqlLiteral } from './sql-literal.js';

const BAD = 'rollgate_bad_rows';
const DUPS = 'rollgate_duplicate_uuids';

/**
 * A full load (every valid row stored): each file's valid rows go straight into `events` in
 * reading order, bad rows into `quarantine`; then duplicate uuids are collapsed by rowid order.
 * Storing straight into `events` keeps one copy of the rows in memory, where staging first (as
 * a filtered load does, see loadSelectedEvents) would hold two.
 */
export async function loadAllEvents(conn: DuckDBConnection, context: LoadContext): Promise<void> {
  const { files, options, report } = context;
  await conn.run('begin transaction');
  try {
    for (const [index, file] of files.entries()) {
      addFileReport(report, await loadFile(conn, file, index, context));
    }
    await conn.run(`drop table if exists ${FILE_ROWS}; drop table if exists ${BAD}`);
    await conn.run('commit');
  } catch (err) {
    await conn.run('rollback');
    throw err;
  }
  // Duplicates are collapsed in a second transaction: deleting rows appended by the same
  // transaction makes its commit far slower. Should this step not run (a crash), the rows it
  // would delete are duplicates that the next load collapses, since it checks the whole table.
  const last = files.length - 1;
  await withProgress(
    conn,
    async () => {
      report.duplicates = await collapseDuplicates(conn);
    },
    context.progress('collapsing', last),
    options.progressIntervalMs,
  );
  // Every valid row was added, then the duplicates deleted.
  report.added = report.ingested - report.duplicates;
  checkRowAccounting(report);
}

/**
 * Deletes every row of `events` whose uuid appeared earlier (lower rowid: an earlier load, file or
 * row, since rows are appended in reading order; this is why DuckDB's preserve_insertion_order
 * stays on); returns how many.
 *
 * Candidates are found by a hash aggregate over the 64-bit `hash(uuid)` rather than the uuid text:
 * a fixed-width key, 4.2 instead of 5.8 CPU seconds over 10M rows, where this aggregate is a fifth
 * of the load. A hash collision only adds a candidate: its rows are then ranked per uuid itself,
 * so two different uuids are never collapsed.
 */
async function collapseDuplicates(conn: DuckDBConnection): Promise<number> {
  await conn.run(`create or replace temp table ${DUPS} as
    select hash(uuid) as uuid_hash from events group by uuid_hash having count(*) > 1`);
  if ((await scalar(conn, `select count(*) from ${DUPS}`)) === 0) {
    await conn.run(`drop table ${DUPS}`);
    return 0;
  }
  const result = await conn.run(`delete from events where rowid in (
    select rowid from (
      select e.rowid, row_number() over (partition by e.uuid order by e.rowid) as rank
      from events as e semi join ${DUPS} as d on d.uuid_hash = hash(e.uuid)
    ) where rank > 1)`);
  await conn.run(`drop table ${DUPS}`);
  return result.rowsChanged;
}

async function loadFile(conn: DuckDBConnection, file: string, index: number, context: LoadContext): Promise<FileLoadReport> {
  const { options } = context;
  const format = options.format ?? detectEventFormat(file);
  const onProgress = context.progress('reading', index);
  const run = (sql: string) => withProgress(conn, () => conn.run(sql).then(() => undefined), onProgress, options.progressIntervalMs);
  // Parquet is read in place (again for its bad rows, if any): re-reading is cheaper than writing
  // a copy. Text formats are split and parsed once into FILE_ROWS.
  const { inputRows, source } = await readFileRows(conn, file, index, format, {
    storeEvents: undefined,
    wholeTextFileLimitBytes: context.wholeTextFileLimitBytes,
    run,
  });
  const path = sqlLiteral(file);
  let ingested = 0;
  try {
    await withProgress(
      conn,
      async () => {
        const inserted = await conn.run(`insert into events
          select uuid, event, distinct_id, timestamp, properties, ${path}, source_row
          from ${source} where reason is null`);
        ingested = inserted.rowsChanged;
      },
      onProgress,
      options.progressIntervalMs,
    );
    // Only Parquet is ever spared the pass over its bad rows, which would read it again: its row
    // count comes from the file's own metadata, so no rows left over means no bad rows (and a
    // wrong count aborts below either way). Text formats always look: their rows are already in
    // FILE_ROWS, where the pass is cheap, and a count taken apart from the reader must never
    // decide that there is nothing to look for.
    if (format !== 'parquet' || ingested < inputRows) {
      await run(`create or replace temp table ${BAD} as
        select ${path} as source_file, source_row, reason, raw from ${source} where reason is not null`);
    } else {
      await conn.run(`create or replace temp table ${BAD} (source_file varchar, source_row bigint, reason varchar, raw varchar)`);
    }
  } catch (cause) {
    // (Parquet is read here, in place: a file DuckDB cannot read fails on this statement.)
    throw new InputError(`${file}: cannot read as ${format}: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
  // A file loaded again into a persistent database must not count its bad rows twice.
  await conn.run(`insert into quarantine
    select b.source_file, b.source_row, b.reason, b.raw from ${BAD} as b
    where not exists (select 1 from quarantine as q where q.source_file = b.source_file and q.source_row = b.source_row)
    order by b.source_row`);
  const quarantineReasons: Record<string, number> = {};
  let quarantined = 0;
  const reader = await conn.runAndReadAll(`select reason, count(*) as n from ${BAD} group by reason order by reason`);
  for (const row of reader.getRowObjectsJS()) {
    const n = Number(row['n']);
    quarantineReasons[String(row['reason'])] = n;
    quarantined += n;
  }
  if (ingested + quarantined !== inputRows) {
    throw new AnalysisError(
      'ROW_ACCOUNTING',
      `${file}: read ${ingested + quarantined} rows (${ingested} valid, ${quarantined} quarantined) but the file has ${inputRows}; refusing to continue rather than lose rows silently`,
    );
  }
  return { file, format, inputRows, ingested, quarantined, quarantineReasons };
}
