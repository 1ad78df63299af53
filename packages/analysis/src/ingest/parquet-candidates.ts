import { classifyRowsSql } from './classify-rows.js';
import { columnarFields } from './columnar-candidates.js';
import { sqlLiteral } from './sql-literal.js';

/**
 * Classified rows of a Parquet file (PostHog batch export layout), read in place in one pass.
 * `columns` maps each column name in the file to its DuckDB type. Row numbers come from the
 * reader (`file_row_number`), so a quarantined row points at its place in the file and the rows
 * need no particular order when they are written (see loadEvents).
 */
export function parquetRowsSql(path: string, fileIndex: number, columns: Map<string, string>, storeEvents: readonly string[] | undefined): string {
  const fields = columnarFields(columns, 'src');
  const candidate = `
    select
      src.file_row_number + 1 as source_row,
      ${fields.selectSql}
    from read_parquet(${sqlLiteral(path)}, file_row_number = true) as src`;
  return classifyRowsSql(candidate, fileIndex, storeEvents, { props: fields.props });
}
