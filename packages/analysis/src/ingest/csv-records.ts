import type { DuckDBConnection } from '@duckdb/node-api';
import { AnalysisError } from '../errors/analysis-error.js';
import { scalar } from './connection-helpers.js';
import type { CsvLines } from './count-input-rows.js';
import { CSV_REJECTS_TABLE } from './csv-candidates.js';

const REJECTED = 'rollgate_csv_rejected_records';

/**
 * Completes the rows of one CSV file in `target` and returns how many records the file has.
 *
 * A record is what DuckDB's CSV reader takes as one: the rows it returned (already appended to
 * `target` and numbered 1, 2, ... in reading order, see csvRowsSql) plus the records it rejected,
 * which are added here as 'malformed CSV row' (its rejects table has a row per error, so they are
 * grouped by line). Records cannot be counted apart from the reader: where a quote opens a field
 * depends on the dialect DuckDB sniffs for each file (an unterminated quote makes it read quotes
 * as plain text, a quote inside an unquoted field is text), and a count that disagrees with the
 * reader either aborts a good load or, worse, hides a row. What can be checked independently is
 * the bound: every record starts on a non-empty line of its own (header included).
 *
 * `source_row` is the record's ordinal after the header, for returned and rejected records alike.
 * DuckDB numbers a rejected record by its `line`, which counts the header, each record once (a
 * quoted field may span lines) and each empty line, so the empty lines before it are taken off
 * (`lines.emptyLineOffsets`, found by its byte position); the returned rows, numbered among
 * themselves, then move up past the rejected records before them. (An empty line inside a quoted
 * field before a rejected record would be taken off too: its numbers would then be low, never
 * lost, and the check below still holds.)
 *
 * Throws AnalysisError('ROW_ACCOUNTING') when the reader returned more records than the file has
 * lines, or rejected records cannot be placed among them.
 */
export async function addRejectedCsvRecords(conn: DuckDBConnection, file: string, index: number, target: string, lines: CsvLines): Promise<number> {
  const accepted = await scalar(conn, `select count(*) from ${target} where file_index = ${index}`);
  const rejects = (
    await conn.runAndReadAll(`select line::bigint as line, min(line_byte_position)::bigint as at
      from ${CSV_REJECTS_TABLE} group by line order by line`)
  ).getRowObjectsJS();
  const records = accepted + rejects.length;
  if (records > Math.max(0, lines.nonEmptyLines - 1)) {
    throw new AnalysisError(
      'ROW_ACCOUNTING',
      `${file}: DuckDB read ${records} CSV records (${accepted} rows, ${rejects.length} rejected) but the file has only ${lines.nonEmptyLines} non-empty lines including the header; refusing to continue`,
    );
  }
  if (rejects.length === 0) return records;
  await conn.run(`create or replace temp table ${REJECTED} (line bigint, source_row bigint, accepted_before bigint)`);
  const appender = await conn.createAppender(REJECTED, 'main', 'temp');
  try {
    let previous = 0;
    for (const [j, reject] of rejects.entries()) {
      const line = Number(reject['line']);
      const ordinal = line - 1 - emptyLinesUpTo(lines.emptyLineOffsets, Number(reject['at']));
      // ordinals rise, and the rows returned before this record are ordinal - 1 - j
      if (ordinal <= previous || ordinal > records || ordinal - 1 - j > accepted) {
        throw new AnalysisError('ROW_ACCOUNTING', `${file}: cannot place the CSV record DuckDB rejected at line ${line} among the ${records} records read; refusing to continue`);
      }
      previous = ordinal;
      appender.appendBigInt(BigInt(line));
      appender.appendBigInt(BigInt(ordinal));
      appender.appendBigInt(BigInt(ordinal - 1 - j));
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
  // The k-th row returned comes after every rejected record with fewer than k rows before it.
  await conn.run(`update ${target} as t
    set source_row = t.source_row + (select count(*) from ${REJECTED} as r where r.accepted_before < t.source_row)
    where t.file_index = ${index}`);
  await conn.run(`insert into ${target} (file_index, source_row, reason, raw, stored)
    select ${index}, r.source_row, 'malformed CSV row', ltrim(j.csv_line, chr(13) || chr(10)), false
    from ${REJECTED} as r
    join (select line, any_value(csv_line) as csv_line from ${CSV_REJECTS_TABLE} group by line) as j on j.line = r.line`);
  await conn.run(`drop table ${REJECTED}`);
  return records;
}

/** How many of the ascending `offsets` are at or before `position`. */
function emptyLinesUpTo(offsets: readonly number[], position: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (offsets[mid]! <= position) low = mid + 1;
    else high = mid;
  }
  return low;
}
