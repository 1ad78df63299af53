import { sqlLiteral } from './sql-literal.js';

/**
 * Wraps a format-specific candidate query into the one classification every format shares.
 *
 * The candidate query must yield: source_row, raw (the input row as text), parse_reason
 * (non-null when the row could not be parsed at all), and for each field a `*_kind` of
 * 'ok' | 'missing' | 'wrong' (timestamp also 'bad': present, right type, unparseable) with the
 * value: uuid, event, distinct_id (varchar), ts (timestamp, UTC), props (json object).
 * The result has the staging table's columns; `reason` is null for rows that are ingested.
 */
export function classifyRowsSql(candidateSql: string, fileIndex: number, sourceFile: string): string {
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
      ${sqlLiteral(sourceFile)} as source_file,
      source_row::bigint as source_row,
      case when reason is null then uuid end as uuid,
      case when reason is null then event end as event,
      case when reason is null then distinct_id end as distinct_id,
      case when reason is null then ts end as timestamp,
      case when reason is null then props end as properties,
      reason,
      case when reason is not null then raw end as raw
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
