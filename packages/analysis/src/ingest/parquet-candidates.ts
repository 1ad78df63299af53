import { classifyRowsSql } from './classify-rows.js';
import { propertiesField, textField, timestampField } from './columnar-candidates.js';
import { sqlLiteral } from './sql-literal.js';

/**
 * Staging query for a Parquet file (PostHog batch export layout). `columns` maps each column
 * name in the file to its DuckDB type. Row numbers come from the reader (`file_row_number`),
 * so a quarantined row points at its place in the file.
 */
export function parquetStagingSql(path: string, fileIndex: number, columns: Map<string, string>): string {
  const candidate = `
    select
      src.file_row_number + 1 as source_row,
      to_json(src)::varchar as raw,
      null::varchar as parse_reason,
      ${textField(columns, 'uuid', 'uuid')},
      ${textField(columns, 'event', 'event')},
      ${textField(columns, 'distinct_id', 'distinct_id')},
      ${timestampField(columns)},
      ${propertiesField(columns)}
    from read_parquet(${sqlLiteral(path)}, file_row_number = true) as src`;
  return classifyRowsSql(candidate, fileIndex, path);
}
