import { isJsonObjectText, propsFromText, reasonSql, timestampFromText, type FieldCheck } from './classify-rows.js';
import { sqlIdentifier } from './sql-literal.js';
import { storedEventSql } from './stored-events.js';

// Candidate expressions for columnar inputs (Parquet, CSV), chosen from each column's type as
// DuckDB reports it. A missing column is tolerated: its field is 'missing' on every row (for
// properties: an empty object), so those rows are counted in quarantine, never dropped.

const TEXT_TYPES = new Set(['VARCHAR', 'UUID', 'JSON']);
const TIMESTAMP_TYPES = new Set(['TIMESTAMP', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S', 'DATE']);
const INTEGER_TYPES = new Set(['BIGINT', 'INTEGER', 'UBIGINT', 'HUGEINT', 'UINTEGER']);

/** A field of a columnar candidate: its value select item and how it is checked (see reasonSql). */
export interface ColumnarField {
  select: string;
  check: FieldCheck;
}

/** The text field `column`, selected as `alias`. */
export function textField(columns: Map<string, string>, column: string, alias: string): ColumnarField {
  const type = columns.get(column);
  if (type === undefined) return { select: `null::varchar as ${alias}`, check: { ok: 'false', kind: `'missing'` } };
  const ref = sqlIdentifier(column);
  if (!TEXT_TYPES.has(type)) {
    return { select: `null::varchar as ${alias}`, check: { ok: 'false', kind: `case when ${ref} is null then 'missing' else 'wrong' end` } };
  }
  return { select: `${ref}::varchar as ${alias}`, check: { ok: `(${ref}::varchar <> '')`, kind: `'missing'` } };
}

/**
 * The timestamp column as `ts`: native timestamps as they are (TIMESTAMPTZ converted to UTC),
 * integers as microseconds since the epoch (PostHog batch exports), text as ISO 8601.
 */
export function timestampField(columns: Map<string, string>, column = 'timestamp'): ColumnarField {
  const type = columns.get(column);
  if (type === undefined) return { select: `null::timestamp as ts`, check: { ok: 'false', kind: `'missing'` } };
  const ref = sqlIdentifier(column);
  let value: string;
  if (TIMESTAMP_TYPES.has(type)) value = `${ref}::timestamp`;
  else if (type === 'TIMESTAMP WITH TIME ZONE') value = `(${ref} at time zone 'UTC')`;
  else if (INTEGER_TYPES.has(type)) value = `try(make_timestamp(${ref}::bigint))`;
  else if (TEXT_TYPES.has(type)) value = timestampFromText(`${ref}::varchar`);
  else return { select: `null::timestamp as ts`, check: { ok: 'false', kind: `case when ${ref} is null then 'missing' else 'wrong' end` } };
  return { select: `${value} as ts`, check: { ok: `(${value} is not null)`, kind: `case when ${ref} is null then 'missing' else 'bad' end` } };
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
 * The properties as `props`: a JSON-object string column, a STRUCT/MAP column, and/or flattened
 * `properties.<key>` columns (PostHog UI CSV), merged with the flattened keys winning. `props`
 * is only computed where `storedSql` holds (null elsewhere): converting text to JSON costs far
 * more than checking it, and rows that are not stored never need it.
 */
export function propertiesField(columns: Map<string, string>, storedSql: string, column = 'properties'): ColumnarField {
  const type = columns.get(column);
  const flattened = [...columns.keys()].filter((name) => name.startsWith(`${column}.`) && name.length > column.length + 1);
  let base: string;
  let ok: string;
  if (type === undefined) {
    base = `'{}'::json`;
    ok = 'true';
  } else {
    const ref = sqlIdentifier(column);
    if (TEXT_TYPES.has(type)) {
      base = `case when ${ref} is null or ${ref}::varchar = '' then '{}'::json else ${propsFromText(`${ref}::varchar`)} end`;
      ok = `(${ref} is null or ${ref}::varchar = '' or ${isJsonObjectText(`${ref}::varchar`)})`;
    } else if (type.startsWith('STRUCT') || type.startsWith('MAP')) {
      base = `coalesce(to_json(${ref}), '{}'::json)`;
      ok = 'true';
    } else {
      base = `'{}'::json`;
      ok = `(${ref} is null)`;
    }
  }
  const lazy = (props: string) => (storedSql === 'true' ? props : `case when ${storedSql} then ${props} end`);
  const check = { ok, kind: `'wrong'` };
  if (flattened.length === 0) return { select: `${lazy(base)} as props`, check };
  const pairs = flattened
    .map((name) => `'${name.slice(column.length + 1).replaceAll("'", "''")}', ${sqlIdentifier(name)}`)
    .join(', ');
  return { select: `${lazy(`json_merge_patch(${base}, json_object(${pairs}))`)} as props`, check };
}

/** The value select items and the `reason` of a columnar row (see reasonSql). */
export function columnarFieldsSql(columns: Map<string, string>, storeEvents: readonly string[] | undefined): string {
  const uuid = textField(columns, 'uuid', 'uuid');
  const event = textField(columns, 'event', 'event');
  const distinctId = textField(columns, 'distinct_id', 'distinct_id');
  const timestamp = timestampField(columns);
  const properties = propertiesField(columns, storedRowSql(columns, storeEvents));
  const checks = { uuid: uuid.check, event: event.check, distinct_id: distinctId.check, timestamp: timestamp.check, properties: properties.check };
  return [uuid, event, distinctId, timestamp, properties].map((field) => field.select).concat(reasonSql(checks)).join(',\n      ');
}
