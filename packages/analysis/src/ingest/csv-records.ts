import type { DuckDBConnection } from '@duckdb/node-api';
import { AnalysisError } from '../errors/analysis-error.js';
import { scalar } from './connection-helpers.js';
import { CSV_REJECTS_TABLE } from './csv-candidates.js';

/**
 * Completes the rows of one CSV file in `target` and returns how many records the file has.
 *
 * A record is what DuckDB's CSV reader takes as one: the rows it returned (already appended to
 * `target`, see csvRowsSql) plus the records it rejected, which are added here as 'malformed CSV
 * row' (its rejects table has a row per error, so they are grouped by line). Records cannot be
 * counted apart from the reader: where a quote opens a field depends on the dialect DuckDB sniffs
 * for each file (an unterminated quote makes it read quotes as plain text, a quote inside an
 * unquoted field is text), and a count that disagrees with the reader either aborts a good load
 * or, worse, hides a row. What can be checked independently is the bound: every record starts on
 * a non-empty line of its own (`nonEmptyLines`, header included).
 *
 * Throws AnalysisError('ROW_ACCOUNTING') when the reader returned more records than the file has
 * lines.
 */
export async function addRejectedCsvRecords(
  conn: DuckDBConnection,
  file: string,
  index: number,
  target: string,
  nonEmptyLines: number,
): Promise<number> {
  const accepted = await scalar(conn, `select count(*) from ${target} where file_index = ${index}`);
  const rejected = await conn.run(`insert into ${target} (file_index, source_row, reason, raw, stored)
    select ${index}, line, 'malformed CSV row', any_value(csv_line), false
    from ${CSV_REJECTS_TABLE} group by line`);
  const records = accepted + rejected.rowsChanged;
  if (records > Math.max(0, nonEmptyLines - 1)) {
    throw new AnalysisError(
      'ROW_ACCOUNTING',
      `${file}: DuckDB read ${records} CSV records (${accepted} rows, ${rejected.rowsChanged} rejected) but the file has only ${nonEmptyLines} non-empty lines including the header; refusing to continue`,
    );
  }
  return records;
}
