import { classifyRowsSql } from './classify-rows.js';
import { columnarFields } from './columnar-candidates.js';
import { sqlIdentifier, sqlLiteral } from './sql-literal.js';

/** Names of the reject tables DuckDB fills while reading one CSV file. */
export const CSV_REJECTS_TABLE = 'rollgate_csv_rejects';
export const CSV_REJECTS_SCAN = 'rollgate_csv_reject_scans';

/** read_csv call shared by the column probe and the staging query: every field as text. */
export function readCsvSql(path: string): string {
  return `read_csv(${sqlLiteral(path)}, header = true, all_varchar = true, ignore_errors = true,
    store_rejects = true, rejects_table = '${CSV_REJECTS_TABLE}', rejects_scan = '${CSV_REJECTS_SCAN}')`;
}

/**
 * A CSV header name in canonical form: PostHog's UI export may prefix the event columns
 * (`*.uuid`, `event.uuid`); those prefixes are dropped. Returns null for columns we ignore.
 */
export function canonicalCsvColumn(name: string): string {
  const trimmed = name.trim();
  for (const prefix of ['*.', 'event.']) if (trimmed.startsWith(prefix)) return trimmed.slice(prefix.length);
  return trimmed;
}

/**
 * Classified rows DuckDB's CSV reader accepted. Rows it rejected (wrong number of fields,
 * unterminated quotes) are added from the rejects table by the loader, as 'malformed CSV row'.
 * `source_row` is the record's ordinal after the header (numbered in reading order, so this
 * query runs with DuckDB's preserve_insertion_order on).
 */
export function csvRowsSql(path: string, fileIndex: number, headerNames: string[], storeEvents: readonly string[] | undefined): string {
  const columns = new Map<string, string>();
  const renames: string[] = [];
  for (const original of headerNames) {
    const canonical = canonicalCsvColumn(original);
    if (columns.has(canonical)) continue;
    columns.set(canonical, 'VARCHAR');
    renames.push(`${sqlIdentifier(original)} as ${sqlIdentifier(canonical)}`);
  }
  const fields = columnarFields(columns, 'src.raw_row');
  const candidate = `
    with src as (
      select row_number() over () as source_row, ${renames.join(', ')}, raw_row
      from ${readCsvSql(path)} as raw_row
    )
    select
      source_row,
      ${fields.selectSql}
    from src`;
  return classifyRowsSql(candidate, fileIndex, storeEvents, { props: fields.props });
}
