import { isJsonObjectText, propsFromText, timestampFromText } from './classify-rows.js';
import { sqlIdentifier } from './sql-literal.js';
import { storedEventSql } from './stored-events.js';

// Candidate expressions for columnar inputs (Parquet, CSV), chosen from each column's type as
// DuckDB reports it. A missing column is tolerated: its field is 'missing' on every row (for
// properties: an empty object), so those rows are counted in quarantine, never dropped.

const TEXT_TYPES = new Set(['VARCHAR', 'UUID', 'JSON']);
const TIMESTAMP_TYPES = new Set(['TIMESTAMP', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S', 'DATE']);
const INTEGER_TYPES = new Set(['BIGINT', 'INTEGER', 'UBIGINT', 'HUGEINT', 'UINTEGER']);

/** `<name>_kind` and `<name>` select items for a text field. */
export function textField(columns: Map<string, string>, column: string, alias: string): string {
  const type = columns.get(column);
  if (type === undefined) return `'missing' as ${alias}_kind, null::varchar as ${alias}`;
  const ref = sqlIdentifier(column);
  if (!TEXT_TYPES.has(type)) {
    return `case when ${ref} is null then 'missing' else 'wrong' end as ${alias}_kind, null::varchar as ${alias}`;
  }
  return `case when ${ref} is null or ${ref}::varchar = '' then 'missing' else 'ok' end as ${alias}_kind, ${ref}::varchar as ${alias}`;
}

/**
 * `ts_kind` and `ts` for the timestamp column: native timestamps as they are (TIMESTAMPTZ
 * converted to UTC), integers as microseconds since the epoch (PostHog batch exports), text
 * as ISO 8601.
 */
export function timestampField(columns: Map<string, string>, column = 'timestamp'): string {
  const type = columns.get(column);
  if (type === undefined) return `'missing' as ts_kind, null::timestamp as ts`;
  const ref = sqlIdentifier(column);
  let value: string;
  if (TIMESTAMP_TYPES.has(type)) value = `${ref}::timestamp`;
  else if (type === 'TIMESTAMP WITH TIME ZONE') value = `(${ref} at time zone 'UTC')`;
  else if (INTEGER_TYPES.has(type)) value = `try(make_timestamp(${ref}::bigint))`;
  else if (TEXT_TYPES.has(type)) value = timestampFromText(`${ref}::varchar`);
  else return `case when ${ref} is null then 'missing' else 'wrong' end as ts_kind, null::timestamp as ts`;
  return `case when ${ref} is null then 'missing' when ${value} is null then 'bad' else 'ok' end as ts_kind, ${value} as ts`;
}

/**
 * SQL that is true on rows whose event is stored (see storedEventSql); false when the event
 * column is missing or not text (those rows are quarantined anyway).
 */
export function storedRowSql(columns: Map<string, string>, storeEvents: readonly string[] | undefined, column = 'event'): string {
  const type = columns.get(column);
  if (type === undefined || !TEXT_TYPES.has(type)) return 'false';
  return storedEventSql(`${sqlIdentifier(column)}::varchar`, storeEvents);
}

/**
 * `props_kind` and `props`: a JSON-object string column, a STRUCT/MAP column, and/or
 * flattened `properties.<key>` columns (PostHog UI CSV), merged with the flattened keys winning.
 * `props` is only computed where `storedSql` holds (null elsewhere): converting text to JSON
 * costs far more than checking it, and rows that are not stored never need it.
 */
export function propertiesField(columns: Map<string, string>, storedSql: string, column = 'properties'): string {
  const type = columns.get(column);
  const flattened = [...columns.keys()].filter((name) => name.startsWith(`${column}.`) && name.length > column.length + 1);
  let base: string;
  let kind: string;
  if (type === undefined) {
    base = `'{}'::json`;
    kind = `'ok'`;
  } else {
    const ref = sqlIdentifier(column);
    if (TEXT_TYPES.has(type)) {
      base = `case when ${ref} is null or ${ref}::varchar = '' then '{}'::json else ${propsFromText(`${ref}::varchar`)} end`;
      kind = `case when ${ref} is null or ${ref}::varchar = '' or ${isJsonObjectText(`${ref}::varchar`)} then 'ok' else 'wrong' end`;
    } else if (type.startsWith('STRUCT') || type.startsWith('MAP')) {
      base = `coalesce(to_json(${ref}), '{}'::json)`;
      kind = `'ok'`;
    } else {
      base = `'{}'::json`;
      kind = `case when ${ref} is null then 'ok' else 'wrong' end`;
    }
  }
  const lazy = (props: string) => (storedSql === 'true' ? props : `case when ${storedSql} then ${props} end`);
  if (flattened.length === 0) return `${kind} as props_kind, ${lazy(base)} as props`;
  const pairs = flattened
    .map((name) => `'${name.slice(column.length + 1).replaceAll("'", "''")}', ${sqlIdentifier(name)}`)
    .join(', ');
  return `${kind} as props_kind, ${lazy(`json_merge_patch(${base}, json_object(${pairs}))`)} as props`;
}
