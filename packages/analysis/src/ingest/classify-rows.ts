import { storedEventSql } from './stored-events.js';

/** What a format-specific candidate query hands to classifyRowsSql besides the SQL itself. */
export interface CandidateShape {
  /**
   * SQL over the candidate's `raw` column giving the input row as text; evaluated only for rows
   * that are quarantined. Default `raw` (the candidate already has the text, e.g. a JSON line);
   * columnar formats pass the whole row as a struct and `to_json(raw)::varchar`.
   */
  rawText?: string;
}

/**
 * Wraps a format-specific candidate query into the one classification every format shares. The
 * result has the columns of the staged rows table (see STAGED_ROWS_COLUMNS in staged-rows.ts):
 * `reason` is null for valid rows; `raw` is set for the others; `uuid_hash` and `uuid` are set
 * for every valid row (duplicates are found among all of them); `stored` marks the valid rows
 * whose event is stored (see storedEventSql), and only those carry event, distinct_id,
 * timestamp and properties.
 *
 * The candidate query must yield: source_row, raw (see CandidateShape), parse_reason (non-null
 * when the row could not be parsed at all), and for each field a `*_kind` of
 * 'ok' | 'missing' | 'wrong' (timestamp also 'bad': present, right type, unparseable) with the
 * value: uuid, event, distinct_id (varchar), ts (timestamp, UTC), props (json object; it may be
 * null on rows whose event is not stored, so that their properties are never converted).
 */
export function classifyRowsSql(
  candidateSql: string,
  fileIndex: number,
  storeEvents: readonly string[] | undefined,
  shape: CandidateShape = {},
): string {
  return `
    with candidate as (${candidateSql}),
    classified as (
      select
        source_row,
        uuid,
        event,
        distinct_id,
        ts,
        props,
        coalesce(parse_reason, case
          when uuid_kind = 'missing' then 'missing uuid'
          when uuid_kind = 'wrong' then 'wrong type: uuid'
          when event_kind = 'missing' then 'missing event'
          when event_kind = 'wrong' then 'wrong type: event'
          when distinct_id_kind = 'missing' then 'missing distinct_id'
          when distinct_id_kind = 'wrong' then 'wrong type: distinct_id'
          when ts_kind = 'missing' then 'missing timestamp'
          when ts_kind = 'wrong' then 'wrong type: timestamp'
          when ts_kind = 'bad' then 'bad timestamp'
          when props_kind = 'wrong' then 'wrong type: properties'
        end) as reason,
        raw
      from candidate
    )
    select
      ${fileIndex}::integer as file_index,
      source_row::bigint as source_row,
      reason,
      case when reason is not null then ${shape.rawText ?? 'raw'} end as raw,
      case when reason is null then hash(uuid) end as uuid_hash,
      case when reason is null then uuid end as uuid,
      reason is null and ${storedEventSql('event', storeEvents)} as stored,
      case when stored then event end as event,
      case when stored then distinct_id end as distinct_id,
      case when stored then ts end as timestamp,
      case when stored then props end as properties
    from classified`;
}

/** kind of a text field read from JSON: json_type() is null when the key is absent. */
export function jsonTextKind(jsonType: string, value: string): string {
  return `case when ${jsonType} is null or ${jsonType} = 'NULL' then 'missing'
    when ${jsonType} <> 'VARCHAR' then 'wrong'
    when ${value} = '' then 'missing' else 'ok' end`;
}

/** A timestamp from text: ISO 8601, with an offset converted to UTC, without one read as UTC. */
export function timestampFromText(text: string): string {
  return `(try_cast(${text} as timestamptz) at time zone 'UTC')`;
}

/** Whether properties given as text are a JSON object (json_valid is cheap; a cast to JSON is not). */
export function isJsonObjectText(text: string): string {
  return `(json_valid(${text}) and starts_with(ltrim(${text}), '{'))`;
}

/** properties given as text: the JSON object, or null when the text is not one. */
export function propsFromText(text: string): string {
  return `case when ${isJsonObjectText(text)} then ${text}::json end`;
}
