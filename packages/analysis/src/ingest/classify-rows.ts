import { storedEventSql } from './stored-events.js';

/** What a format-specific candidate query hands to classifyRowsSql besides the SQL itself. */
export interface CandidateShape {
  /**
   * SQL over the candidate's columns giving a row's properties as a JSON object. It is evaluated
   * only on stored rows, which are valid, so it may take the properties check as passed (text
   * already known to be a JSON object is cast, not checked again), and rows that are not stored
   * never have their properties converted: that conversion costs far more than the check.
   */
  props: string;
}

/**
 * How one field of a row is checked, as SQL over the candidate's source: `ok` is true when the
 * field is present, of the right type and usable; `kind` says why not ('missing' | 'wrong', and
 * for the timestamp also 'bad': present, right type, unparseable) and is only evaluated where
 * `ok` is not true.
 */
export interface FieldCheck {
  ok: string;
  kind: string;
}

/** The checks of one row, in the order a row's reason is chosen (QUARANTINE_REASONS). */
export interface RowChecks {
  uuid: FieldCheck;
  event: FieldCheck;
  distinct_id: FieldCheck;
  timestamp: FieldCheck;
  properties: FieldCheck;
}

/**
 * The `reason` select item of a candidate query: null for a valid row, else the first check the
 * row fails (parse first, when the format has a parse step). A valid row, nearly every row,
 * costs one conjunction of the `ok` tests; the reason itself is only worked out for the others.
 */
export function reasonSql(checks: RowChecks, parseReason?: string): string {
  const ok = (check: FieldCheck) => `coalesce(${check.ok}, false)`;
  const textReason = (check: FieldCheck, field: string) =>
    `when not ${ok(check)} then case when ${check.kind} = 'missing' then 'missing ${field}' else 'wrong type: ${field}' end`;
  // (no coalesce here: a test that is null leaves the conjunction null, which a `when` takes as
  // not true, so the row goes on to firstFailure, whose coalesce names it; a coalesce per test
  // on every row cost 8% of reading and classifying 10M rows)
  const all = [checks.uuid, checks.event, checks.distinct_id, checks.timestamp, checks.properties].map((check) => `(${check.ok})`).join(' and ');
  const firstFailure = `case
        ${textReason(checks.uuid, 'uuid')}
        ${textReason(checks.event, 'event')}
        ${textReason(checks.distinct_id, 'distinct_id')}
        when not ${ok(checks.timestamp)} then case ${checks.timestamp.kind}
          when 'missing' then 'missing timestamp' when 'wrong' then 'wrong type: timestamp' else 'bad timestamp' end
        when not ${ok(checks.properties)} then 'wrong type: properties'
      end`;
  if (parseReason === undefined) return `case when ${all} then null else ${firstFailure} end as reason`;
  return `case when (${parseReason}) is null and ${all} then null else coalesce(${parseReason}, ${firstFailure}) end as reason`;
}

/**
 * Wraps a format-specific candidate query into the one shape every format shares. The result
 * has the columns of the staged rows table (see STAGED_ROWS_COLUMNS in staged-rows.ts):
 * `reason` is null for valid rows; `raw` is set for the others; `uuid_hash` and `uuid` are set
 * for every valid row (duplicates are found among them); `stored` marks the valid rows whose
 * event is stored (see storedEventSql), and only those carry event, distinct_id, timestamp and
 * properties (see CandidateShape.props).
 *
 * The candidate query must yield: source_row, reason (see reasonSql), raw (the input row as
 * text; read only where reason is set, so a candidate may compute it after reason, for bad rows
 * only), the values uuid, event, distinct_id (varchar) and ts (timestamp, UTC), and whatever
 * columns `shape.props` reads.
 */
export function classifyRowsSql(
  candidateSql: string,
  fileIndex: number,
  storeEvents: readonly string[] | undefined,
  shape: CandidateShape,
): string {
  return `
    with candidate as (${candidateSql})
    select
      ${fileIndex}::integer as file_index,
      source_row::bigint as source_row,
      reason,
      case when reason is not null then raw end as raw,
      case when reason is null then hash(uuid) end as uuid_hash,
      case when reason is null then uuid end as uuid,
      reason is null and ${storedEventSql('event', storeEvents)} as stored,
      case when stored then event end as event,
      case when stored then distinct_id end as distinct_id,
      case when stored then ts end as timestamp,
      case when stored then ${shape.props} end as properties
    from candidate`;
}

/** A text field read from JSON: json_type() is null when the key is absent. */
export function jsonTextCheck(jsonType: string, value: string): FieldCheck {
  return {
    ok: `(${jsonType} = 'VARCHAR' and ${value} <> '')`,
    kind: `case when ${jsonType} is null or ${jsonType} = 'NULL' or (${jsonType} = 'VARCHAR' and ${value} = '') then 'missing' else 'wrong' end`,
  };
}

/**
 * A timestamp from text: ISO 8601, with an offset converted to UTC, without one read as UTC; null
 * when it is not one. ISO 8601 starts with a digit, and the cast alone also takes DuckDB's special
 * values ('infinity', '-infinity', 'epoch'), which are not event times (an infinite one cannot
 * even be read back as a JS Date).
 */
export function timestampFromText(text: string): string {
  return `(case when left(${text}, 1) between '0' and '9' then try_cast(${text} as timestamptz) at time zone 'UTC' end)`;
}

/**
 * Whether properties given as text are a JSON object (json_valid is cheap; a cast to JSON is not).
 * JSON allows space, tab, line feed and carriage return before the value; the text is trimmed
 * only when it does not start with `{` already.
 */
export function isJsonObjectText(text: string): string {
  return `(json_valid(${text}) and (starts_with(${text}, '{') or starts_with(ltrim(${text}, ' ' || chr(9) || chr(10) || chr(13)), '{')))`;
}

/**
 * Properties given as text, on a row whose properties passed their check (null, empty, or a JSON
 * object): the JSON object, `{}` for null or empty text.
 */
export function checkedPropsFromText(text: string): string {
  return `(case when ${text} is null or ${text} = '' then '{}' else ${text} end)::json`;
}
