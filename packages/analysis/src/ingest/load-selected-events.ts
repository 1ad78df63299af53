import type { DuckDBConnection } from '@duckdb/node-api';
import { AnalysisError } from '../errors/analysis-error.js';
import { scalar, withoutInsertionOrder, withProgress } from './connection-helpers.js';
import { detectEventFormat } from './event-format.js';
import { readFileRows } from './file-rows.js';
import { DUPLICATE_ROWS, findDuplicateRows } from './find-duplicate-rows.js';
import type { LoadContext } from './load-events.js';
import { addFileReport, checkRowAccounting } from './load-report.js';
import { sqlLiteral } from './sql-literal.js';
import { createStagingTables, dropStagingTables, STAGED_FILES, STAGED_ROWS } from './staged-rows.js';

/**
 * A filtered load (`storeEvents` given): every file is read once into STAGED_ROWS, where valid
 * rows keep only what duplicate detection needs (uuid and its hash) unless their event is stored;
 * the stored rows whose uuid a valid row of any event had before are found (findDuplicateRows,
 * which says why repeats among unstored rows are not looked for); then, in one transaction, the
 * stored rows that are not duplicates are copied into `events` and the bad rows into
 * `quarantine`. Nothing is deleted from `events`, and rows of events that are not stored never
 * have their properties converted or copied.
 *
 * Staging happens outside that transaction, in temp tables dropped at the end whatever happens:
 * DuckDB scans a table created in the running transaction on one thread only, and the staged
 * rows are scanned three times (counts, duplicates, copy). The canonical tables are still only
 * written by the one transaction, so a failed load leaves nothing of itself behind.
 */
export async function loadSelectedEvents(conn: DuckDBConnection, context: LoadContext): Promise<void> {
  const { files, options, report } = context;
  // Only a database loaded before needs the uuids of `events` checked.
  const againstEvents = (await scalar(conn, 'select count(*) from events')) > 0;
  let validNotStored = 0;
  try {
    await createStagingTables(conn);
    for (const [index, file] of files.entries()) {
      const format = options.format ?? detectEventFormat(file);
      await conn.run(`insert into ${STAGED_FILES} values (${index}, ${sqlLiteral(file)})`);
      const onProgress = context.progress('reading', index);
      const { inputRows } = await readFileRows(conn, file, index, format, {
        storeEvents: options.storeEvents,
        into: STAGED_ROWS,
        wholeTextFileLimitBytes: context.wholeTextFileLimitBytes,
        run: (sql) => withProgress(conn, () => conn.run(sql).then(() => undefined), onProgress, options.progressIntervalMs),
      });
      const counts = await countFileRows(conn, file, index, inputRows);
      addFileReport(report, { file, format, inputRows, ingested: counts.ingested, quarantined: counts.quarantined, quarantineReasons: counts.quarantineReasons });
      validNotStored += counts.validNotStored;
    }
    await withProgress(
      conn,
      async () => {
        // Only rows of stored events can be duplicates; the other valid rows are all not stored.
        report.duplicates = await findDuplicateRows(conn, againstEvents);
        report.notStored = validNotStored;
        await conn.run('begin transaction');
        try {
          report.added = await storeRows(conn, files);
          await quarantineRows(conn);
          // Stored + duplicates + quarantined + not stored must give the rows read: this checks
          // that every stored row that is not a duplicate reached `events`, before the commit.
          checkRowAccounting(report);
          await conn.run('commit');
        } catch (err) {
          await conn.run('rollback');
          throw err;
        }
      },
      context.progress('collapsing', files.length - 1),
      options.progressIntervalMs,
    );
  } finally {
    await conn.run(`drop table if exists ${DUPLICATE_ROWS}`);
    await dropStagingTables(conn);
  }
}

/**
 * Valid, quarantined (by reason) and valid-but-not-stored rows of one staged file; checks they add
 * up to its input rows. Two small queries rather than grouping every row by its reason text: the
 * totals scan two fixed-width columns, and the bad rows' query skips every row group whose
 * `reason` is all null (DuckDB's statistics), which is nearly all of them (0.02 s against 0.1 s
 * at 10M rows).
 */
async function countFileRows(conn: DuckDBConnection, file: string, index: number, inputRows: number) {
  const [totals] = (
    await conn.runAndReadAll(`select count(*) as rows, count(*) filter (where stored) as stored from ${STAGED_ROWS} where file_index = ${index}`)
  ).getRowObjectsJS();
  const quarantineReasons: Record<string, number> = {};
  let quarantined = 0;
  const reader = await conn.runAndReadAll(`select reason, count(*) as n from ${STAGED_ROWS}
    where file_index = ${index} and reason is not null group by reason order by reason`);
  for (const row of reader.getRowObjectsJS()) {
    const n = Number(row['n']);
    quarantineReasons[String(row['reason'])] = n;
    quarantined += n;
  }
  // (a stored row is a valid one: classifyRowsSql sets `stored` only where `reason` is null)
  const ingested = Number(totals?.['rows'] ?? 0) - quarantined;
  const validNotStored = ingested - Number(totals?.['stored'] ?? 0);
  if (ingested + quarantined !== inputRows) {
    throw new AnalysisError(
      'ROW_ACCOUNTING',
      `${file}: read ${ingested + quarantined} rows (${ingested} valid, ${quarantined} quarantined) but the file has ${inputRows}; refusing to continue rather than lose rows silently`,
    );
  }
  return { ingested, quarantined, quarantineReasons, validNotStored };
}

/**
 * Copies the stored rows that are not duplicates into `events`, file by file with the file's
 * path as a literal (joining every row with the file list cost a tenth of the copy); returns how
 * many. A file's staged rows were appended by one statement, so the file filter skips the other
 * files' row groups (and with one file there is no filter). They are written in no particular
 * order (each carries its source_file and source_row): nothing reads `events` by row order, and
 * ordering them would cost a sort of every stored row.
 */
async function storeRows(conn: DuckDBConnection, files: readonly string[]): Promise<number> {
  let inserted = 0;
  await withoutInsertionOrder(conn, async () => {
    for (const [index, file] of files.entries()) {
      const result = await conn.run(`insert into events
        select s.uuid, s.event, s.distinct_id, s.timestamp, s.properties, ${sqlLiteral(file)}, s.source_row
        from ${STAGED_ROWS} as s
        anti join ${DUPLICATE_ROWS} as d on d.file_index = s.file_index and d.source_row = s.source_row
        where s.stored${files.length > 1 ? ` and s.file_index = ${index}` : ''}`);
      inserted += result.rowsChanged;
    }
  });
  return inserted;
}

/** Copies the bad rows into `quarantine`; a file loaded again into a persistent database does not add its bad rows twice. */
async function quarantineRows(conn: DuckDBConnection): Promise<void> {
  await conn.run(`insert into quarantine
    select f.path, s.source_row, s.reason, s.raw
    from ${STAGED_ROWS} as s
    join ${STAGED_FILES} as f on f.file_index = s.file_index
    where s.reason is not null
      and not exists (select 1 from quarantine as q where q.source_file = f.path and q.source_row = s.source_row)
    order by s.file_index, s.source_row`);
}
