import { checkedPropsFromText, isJsonObjectText, reasonSql, timestampFromText, type FieldCheck } from './classify-rows.js';
import { sqlIdentifier } from './sql-literal.js';

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
  // Native timestamps and dates can be infinite, which is no event time: isfinite() is null for
  // null and false for +-infinity (a cheap test, on the Parquet path's every row). Integers and
  // text never give an infinite value (make_timestamp fails, timestampFromText refuses it).
  let native = true;
  if (TIMESTAMP_TYPES.has(type)) value = `${ref}::timestamp`;
  else if (type === 'TIMESTAMP WITH TIME ZONE') value = `(${ref} at time zone 'UTC')`;
  else {
    native = false;
    if (INTEGER_TYPES.has(type)) value = `try(make_timestamp(${ref}::bigint))`;
    else if (TEXT_TYPES.has(type)) value = timestampFromText(`${ref}::varchar`);
    else return { select: `null::timestamp as ts`, check: { ok: 'false', kind: `case when ${ref} is null then 'missing' else 'wrong' end` } };
  }
  const ok = native ? `isfinite(${value})` : `(${value} is not null)`;
  return { select: `${value} as ts`, check: { ok, kind: `case when ${ref} is null then 'missing' else 'bad' end` } };
}

/**
 * The properties: a JSON-object string column, a STRUCT/MAP column, and/or flattened
 * `properties.<key>` columns (PostHog UI CSV), merged with the flattened keys winning. `select`
 * passes the columns they come from through the candidate (as props_source and props_flat_<n>);
 * `props` is the conversion to JSON (CandidateShape.props), which classifyRowsSql evaluates only
 * on stored rows.
 */
export function propertiesField(columns: Map<string, string>, column = 'properties'): ColumnarField & { props: string } {
  const type = columns.get(column);
  const flattened = [...columns.keys()].filter((name) => name.startsWith(`${column}.`) && name.length > column.length + 1);
  const selects: string[] = [];
  let base: string;
  let ok: string;
  if (type === undefined) {
    base = `'{}'::json`;
    ok = 'true';
  } else {
    const ref = sqlIdentifier(column);
    if (TEXT_TYPES.has(type)) {
      selects.push(`${ref}::varchar as props_source`);
      base = checkedPropsFromText('props_source');
      ok = `(${ref} is null or ${ref}::varchar = '' or ${isJsonObjectText(`${ref}::varchar`)})`;
    } else if (type.startsWith('STRUCT') || type.startsWith('MAP')) {
      selects.push(`${ref} as props_source`);
      base = `coalesce(to_json(props_source), '{}'::json)`;
      ok = 'true';
    } else {
      base = `'{}'::json`;
      ok = `(${ref} is null)`;
    }
  }
  const check = { ok, kind: `'wrong'` };
  if (flattened.length === 0) return { select: selects.join(', '), check, props: base };
  const pairs = flattened.map((name, i) => {
    selects.push(`${sqlIdentifier(name)} as props_flat_${i}`);
    return `'${name.slice(column.length + 1).replaceAll("'", "''")}', props_flat_${i}`;
  });
  return { select: selects.join(', '), check, props: `json_merge_patch(${base}, json_object(${pairs.join(', ')}))` };
}

/**
 * The select items of a columnar candidate (the values, the columns its properties come from,
 * the `reason`, see reasonSql, and the `raw` text of a bad row from `rowStruct`, the whole input
 * row as a struct, converted only where reason is set) and the conversion of its properties
 * (CandidateShape.props).
 */
export function columnarFields(columns: Map<string, string>, rowStruct: string): { selectSql: string; props: string } {
  const uuid = textField(columns, 'uuid', 'uuid');
  const event = textField(columns, 'event', 'event');
  const distinctId = textField(columns, 'distinct_id', 'distinct_id');
  const timestamp = timestampField(columns);
  const properties = propertiesField(columns);
  const checks = { uuid: uuid.check, event: event.check, distinct_id: distinctId.check, timestamp: timestamp.check, properties: properties.check };
  const selects = [uuid, event, distinctId, timestamp, properties].map((field) => field.select).filter((select) => select !== '');
  // (raw after reason, which it reads: the row struct is not carried through the outer select)
  const raw = `case when reason is not null then to_json(${rowStruct})::varchar end as raw`;
  return { selectSql: selects.concat(reasonSql(checks), raw).join(',\n      '), props: properties.props };
}
