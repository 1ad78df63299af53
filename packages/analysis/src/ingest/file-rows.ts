import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors/input-error.js';
import { describe, scalar, withoutInsertionOrder } from './connection-helpers.js';
import { scanCsvLines, scanJsonLines } from './count-input-rows.js';
import { CSV_REJECTS_SCAN, CSV_REJECTS_TABLE, csvRowsSql } from './csv-candidates.js';
import { addRejectedCsvRecords } from './csv-records.js';
import type { EventFormat } from './event-format.js';
import { jsonlRowsSql } from './jsonl-candidates.js';
import { parquetRowsSql } from './parquet-candidates.js';
import { sqlLiteral } from './sql-literal.js';
import { createStagedRowsTable, STAGED_ROWS_COLUMNS } from './staged-rows.js';
import { streamLinesIntoTable } from './stream-lines-into-table.js';

/** Where the classified rows of one file are. */
export interface FileRows {
  /** Rows in the file: non-blank lines (counted apart from DuckDB), Parquet metadata, CSV records as DuckDB's reader splits them (see addRejectedCsvRecords). */
  inputRows: number;
  /** A relation with the columns of STAGED_ROWS: the table the rows were appended to, or a subquery reading a Parquet file in place. */
  source: string;
}

export interface FileRowsOptions {
  /** See LoadEventsOptions.storeEvents. */
  storeEvents: readonly string[] | undefined;
  /**
   * A table (STAGED_ROWS columns) to append the rows to. Default: text formats are parsed into
   * FILE_ROWS (replaced per file) and Parquet is not copied: `source` reads it in place.
   */
  into?: string;
  /** See LoadEventsOptions.wholeTextFileLimitBytes. */
  wholeTextFileLimitBytes: number;
  /** Runs one statement that reads the file (the loader reports progress around it). */
  run: (sql: string) => Promise<void>;
}

/** The table text formats are parsed into when no `into` table is given. */
export const FILE_ROWS = 'rollgate_file_rows';
const LINES = 'rollgate_lines';

/**
 * Reads one events file into classified rows (see classifyRowsSql), whatever its format. Rows
 * appended to an `into` table carry their file index and row number, so those writes run with
 * DuckDB's preserve_insertion_order off (cheaper), except for CSV, whose rows are numbered in
 * arrival order; rows in FILE_ROWS or read in place keep reading order (a full load copies them
 * into `events` and relies on it, see loadAllEvents).
 *
 * Throws InputError naming the file when DuckDB cannot read it as `format`.
 */
export async function readFileRows(conn: DuckDBConnection, file: string, index: number, format: EventFormat, options: FileRowsOptions): Promise<FileRows> {
  const store = options.storeEvents;
  const target = options.into ?? FILE_ROWS;
  const append = (sql: string) => options.run(`insert into ${target} (${STAGED_ROWS_COLUMNS}) ${sql}`);
  const appendUnordered = (sql: string) => (options.into === undefined ? append(sql) : withoutInsertionOrder(conn, () => append(sql)));
  try {
    if (format === 'parquet') {
      const inputRows = await scalar(conn, `select coalesce(sum(num_rows), 0) from parquet_file_metadata(${sqlLiteral(file)})`);
      const columns = await describe(conn, `select * from read_parquet(${sqlLiteral(file)})`);
      const rows = parquetRowsSql(file, index, columns, store);
      if (options.into === undefined) return { inputRows, source: `(${rows})` };
      await appendUnordered(rows);
      return { inputRows, source: target };
    }
    if (options.into === undefined) await createStagedRowsTable(conn, FILE_ROWS);
    if (format === 'jsonl') {
      const { nonBlankLines: inputRows, validUtf8 } = await scanJsonLines(file);
      const { size } = await stat(file);
      // (read_text refuses a file that is not UTF-8 whole: streamed, each bad line is quarantined)
      if (size > options.wholeTextFileLimitBytes || !validUtf8) {
        await streamLinesIntoTable(conn, file, LINES);
        await appendUnordered(jsonlRowsSql(file, index, store, LINES));
        await conn.run(`drop table ${LINES}`);
      } else {
        await appendUnordered(jsonlRowsSql(file, index, store));
      }
      return { inputRows, source: target };
    }
    // (a header alone, or nothing: no records, and nothing for DuckDB to sniff)
    const lines = await scanCsvLines(file);
    await conn.run(`drop table if exists ${CSV_REJECTS_TABLE}; drop table if exists ${CSV_REJECTS_SCAN}`);
    if (lines.nonEmptyLines <= 1) return { inputRows: 0, source: target };
    const header = await describe(conn, `select * from read_csv(${sqlLiteral(file)}, header = true, all_varchar = true, ignore_errors = true)`);
    await append(csvRowsSql(file, index, [...header.keys()], store));
    const inputRows = await addRejectedCsvRecords(conn, file, index, target, lines);
    return { inputRows, source: target };
  } catch (cause) {
    throw new InputError(`${file}: cannot read as ${format}: ${(cause as Error).message.split('\n')[0]}`, { cause });
  }
}
