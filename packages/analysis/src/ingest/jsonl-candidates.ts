import { classifyRowsSql, isJsonObjectText, jsonTextCheck, reasonSql, timestampFromText } from './classify-rows.js';
import { sqlLiteral } from './sql-literal.js';

/**
 * Classified rows of a JSON-lines file. The file is read as text and split on newlines (never
 * with read_json(ignore_errors), which would skip broken lines without a trace), so every
 * non-blank line is a row with its line number, whatever it contains.
 */
export function jsonlRowsSql(path: string, fileIndex: number, storeEvents: readonly string[] | undefined, linesTable?: string): string {
  // Lines come from DuckDB's read_text (whole file, fastest) or, for big files and files that are
  // not all valid UTF-8, from a table the loader streamed them into (see streamLinesIntoTable,
  // which marks the lines that are not: 'invalid UTF-8', checked before anything else).
  const numbered = linesTable === undefined
    ? `split as (
      -- (a byte order mark opening the file is dropped, as the streaming path and the count do)
      select string_split(case when starts_with(content, chr(65279)) then content[2:] else content end, chr(10)) as lines
      from read_text(${sqlLiteral(path)})
    ),
    numbered as (
      select unnest(lines) as line, unnest(range(1, len(lines) + 1)) as source_row, false as bad_utf8 from split
    ),`
    : `numbered as (
      select line, source_row, bad_utf8 from ${linesTable}
    ),`;
  const candidate = `
    with ${numbered}
    non_blank as (
      select source_row, rtrim(line, chr(13)) as line, bad_utf8
      from numbered
      where trim(line, ' ' || chr(9) || chr(13)) <> ''
    ),
    parsed as (
      select source_row, line, bad_utf8, case when not bad_utf8 and json_valid(line) then line::json end as j
      from non_blank
    ),
    typed as (
      select
        source_row,
        line,
        bad_utf8,
        j,
        json_type(j) as row_type,
        json_type(j, '$.uuid') as uuid_type,
        json_type(j, '$.event') as event_type,
        -- posthog-node's capture shape spells it distinctId; accepted when distinct_id is absent
        coalesce(json_type(j, '$.distinct_id'), json_type(j, '$.distinctId')) as distinct_id_type,
        json_type(j, '$.timestamp') as ts_type,
        json_type(j, '$.properties') as props_type,
        j ->> '$.uuid' as uuid,
        j ->> '$.event' as event,
        coalesce(j ->> '$.distinct_id', j ->> '$.distinctId') as distinct_id,
        j ->> '$.timestamp' as ts_text,
        j ->> '$.properties' as props_text
      from parsed
    )
    select
      source_row,
      line as raw,
      ${reasonSql(
        {
          uuid: jsonTextCheck('uuid_type', 'uuid'),
          event: jsonTextCheck('event_type', 'event'),
          distinct_id: jsonTextCheck('distinct_id_type', 'distinct_id'),
          timestamp: {
            ok: `(ts_type = 'VARCHAR' and ${timestampFromText('ts_text')} is not null)`,
            kind: `case when ts_type is null or ts_type = 'NULL' then 'missing' when ts_type <> 'VARCHAR' then 'wrong' else 'bad' end`,
          },
          properties: {
            ok: `(props_type is null or props_type = 'NULL' or props_type = 'OBJECT' or (props_type = 'VARCHAR' and ${isJsonObjectText('props_text')}))`,
            kind: `'wrong'`,
          },
        },
        `case when bad_utf8 then 'invalid UTF-8' when j is null then 'malformed JSON' when row_type <> 'OBJECT' then 'not a JSON object' end`,
      )},
      uuid,
      event,
      distinct_id,
      ${timestampFromText('ts_text')} as ts,
      j,
      props_type,
      props_text
    from typed`;
  // (evaluated on stored rows only, whose properties passed their check: absent or null, an
  // object, or text holding one)
  const props = `case when props_type is null or props_type = 'NULL' then '{}'::json
    when props_type = 'OBJECT' then j -> '$.properties' else props_text::json end`;
  return classifyRowsSql(candidate, fileIndex, storeEvents, { props });
}
