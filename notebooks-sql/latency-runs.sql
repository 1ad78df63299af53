-- latency-runs: the per-run latency segments behind `rollgate segments` and latency go/no-go plans.
-- inputs: events (the canonical table loaded by loadEvents: uuid, event, distinct_id, timestamp, properties JSON)
-- grain: one row per event named $event (one run). Runs outside the population keep a row with
--   `dropped_by` saying why (outside the window, or the first plan filter they fail), so every
--   exclusion is counted from this one query; population runs have dropped_by = null.
-- params:
--   $event                  event name, e.g. 'run_finished'
--   $from_ts, $to_ts        inclusive UTC window bounds ('YYYY-MM-DD HH:MM:SS'), null = unbounded
--   $filters                JSON list of conditions that ALL must hold: [{"property","op","value"}]
--   $marks                  JSON list of named conditions: [{"name","property","op","value"}]; a run
--                           carries a mark when every row with that name holds (exclusions, rates)
--   $turn_property          property holding the turn index, e.g. 'turn_index'
--   $first_turn             the index of a conversation's first turn (1, or 0 for 0-based clients);
--                           turn_bucket is 'unknown' when the index is missing, not a whole number
--                           (turn_index null) or below $first_turn
--   $conversation_property  property naming the conversation (the bootstrap's cluster); falls back
--                           to distinct_id when absent or "" (which names no conversation), which is
--                           coarser and so never too optimistic
--   $group_by               property to group by, '' for none
-- ops: eq, neq, in, not_in, lt, lte, gt, gte (numeric), version_lt, version_gte (dotted numbers,
--   an optional leading 'v'; missing trailing parts count as 0, so 2.3 = 2.3.0; a pre-release
--   sorts below its release, 2.3.0-beta < 2.3.0),
--   exists, missing. A comparison on a missing or non-numeric property is false (neq/not_in: true);
--   'NaN' and 'Infinity' are not numbers here either.
-- segments: remainder_ms = spawn_to_first_token_ms - cli_ready_ms - session_init_ms - model_first_token_ms,
--   in decimal arithmetic (9 decimal places), so parts that add up to the total leave exactly 0
--   (in doubles 9000.3 - 812.1 - 2143.1 - 6045.1 is -1.8e-12, which read as a negative remainder);
--   a part that is missing, non-numeric or negative is listed in missing_parts; quality is
--   'missing_parts', else 'negative_remainder' when remainder_ms < 0, else 'ok'. "NaN" and
--   "Infinity" count as non-numeric (the part reads as null): try_cast accepts them, and in DuckDB
--   NaN >= 0 is true, so without isfinite() they would pass as usable values.
with
params as (
    select
        $event::varchar as event_name,
        try_cast($from_ts as timestamp) as from_ts,
        try_cast($to_ts as timestamp) as to_ts,
        '/' || replace(replace($turn_property, '~', '~0'), '/', '~1') as turn_path,
        $first_turn::bigint as first_turn,
        '/' || replace(replace($conversation_property, '~', '~0'), '/', '~1') as conversation_path,
        nullif($group_by::varchar, '') as group_by
),

conditions as (
    select
        'filter' as kind,
        format('filter {} {} {}', f.c.property, f.c.op, coalesce(f.c.value::varchar, '')) as name,
        f.ordinal as ordinal,
        f.c.property as property,
        f.c.op as op,
        f.c.value as value
    from (
        select
            unnest(from_json(coalesce($filters::varchar, '[]'), '[{"property":"VARCHAR","op":"VARCHAR","value":"JSON"}]')) as c,
            generate_subscripts(from_json(coalesce($filters::varchar, '[]'), '["JSON"]'), 1) as ordinal
    ) as f
    union all
    select
        'mark' as kind,
        m.c.name as name,
        m.ordinal as ordinal,
        m.c.property as property,
        m.c.op as op,
        m.c.value as value
    from (
        select
            unnest(from_json(coalesce($marks::varchar, '[]'), '[{"name":"VARCHAR","property":"VARCHAR","op":"VARCHAR","value":"JSON"}]')) as c,
            generate_subscripts(from_json(coalesce($marks::varchar, '[]'), '["JSON"]'), 1) as ordinal
    ) as m
),

runs as (
    select
        e.uuid,
        e.distinct_id,
        e.timestamp,
        e.properties,
        (p.from_ts is not null and e.timestamp < p.from_ts)
            or (p.to_ts is not null and e.timestamp > p.to_ts) as outside_window
    from events as e
    cross join params as p
    where e.event = p.event_name
),

checks as (
    select
        r.uuid,
        c.kind,
        c.name,
        c.ordinal,
        json_extract_string(r.properties, '/' || replace(replace(c.property, '~', '~0'), '/', '~1')) as actual,
        c.op,
        c.value
    from runs as r
    cross join conditions as c
),

versions as (
    -- version_lt / version_gte compare dotted numbers as semantic versions: both lists are padded
    -- with zeros to the same length, so "2.3" = "v2.3" = "2.3.0" = "2.3.0.0" (a bare list
    -- comparison would put the shorter prefix first: [2, 3] < [2, 3, 0]). A value with no leading
    -- dotted number has no version (null), so both comparisons are false. A pre-release tag
    -- ("2.3.0-beta.1") sorts below the same version without one, as semantic versioning says; two
    -- tagged versions of the same numbers compare equal (the tags themselves are not ordered).
    select
        uuid,
        kind,
        name,
        ordinal,
        actual,
        op,
        value,
        actual_number,
        actual_prerelease,
        wanted_prerelease,
        list_resize(actual_version, greatest(len(actual_version), len(wanted_version)), 0) as actual_version,
        list_resize(wanted_version, greatest(len(actual_version), len(wanted_version)), 0) as wanted_version
    from (
        select
            *,
            -- a finite number, else null (so the comparison is false): try_cast also reads 'NaN'
            -- and 'Infinity', and DuckDB orders NaN above every number ('NaN' >= 2 is true)
            case when isfinite(try_cast(actual as double)) then try_cast(actual as double) end as actual_number,
            case when op in ('version_lt', 'version_gte') then
                list_transform(string_split(nullif(regexp_extract(actual, '^v?([0-9]+(\.[0-9]+)*)', 1), ''), '.'), x -> try_cast(x as bigint))
            end as actual_version,
            case when op in ('version_lt', 'version_gte') then
                list_transform(string_split(nullif(regexp_extract(value ->> '$', '^v?([0-9]+(\.[0-9]+)*)', 1), ''), '.'), x -> try_cast(x as bigint))
            end as wanted_version,
            regexp_matches(actual, '^v?[0-9]+(\.[0-9]+)*-') as actual_prerelease,
            regexp_matches(value ->> '$', '^v?[0-9]+(\.[0-9]+)*-') as wanted_prerelease
        from checks
    ) as parsed
),

evaluated as (
    select
        uuid,
        kind,
        name,
        ordinal,
        coalesce(case op
            when 'eq' then actual = (value ->> '$')
            when 'neq' then actual is distinct from (value ->> '$')
            when 'in' then list_contains(from_json(value, '["VARCHAR"]'), actual)
            when 'not_in' then actual is null or not list_contains(from_json(value, '["VARCHAR"]'), actual)
            when 'lt' then actual_number < try_cast(value ->> '$' as double)
            when 'lte' then actual_number <= try_cast(value ->> '$' as double)
            when 'gt' then actual_number > try_cast(value ->> '$' as double)
            when 'gte' then actual_number >= try_cast(value ->> '$' as double)
            when 'version_lt' then actual_version < wanted_version
                or (actual_version = wanted_version and actual_prerelease and not wanted_prerelease)
            when 'version_gte' then actual_version > wanted_version
                or (actual_version = wanted_version and not (actual_prerelease and not wanted_prerelease))
            when 'exists' then actual is not null
            when 'missing' then actual is null
        end, false) as holds
    from versions
),

first_failed_filter as (
    select
        uuid,
        arg_min(name, ordinal) as name
    from evaluated
    where kind = 'filter' and not holds
    group by uuid
),

marks_held as (
    select
        uuid,
        string_agg(name, ',' order by name) as marks
    from (
        select uuid, name
        from evaluated
        where kind = 'mark'
        group by uuid, name
        having bool_and(holds)
    ) as held
    group by uuid
),

parts as (
    select
        r.uuid,
        r.distinct_id,
        r.timestamp,
        -- an empty id names no conversation (else every run without one would be one conversation)
        coalesce(nullif(json_extract_string(r.properties, p.conversation_path), ''), r.distinct_id) as conversation_id,
        nullif(json_extract_string(r.properties, p.conversation_path), '') is null as conversation_from_distinct_id,
        -- only a whole number is a turn index (try_cast to bigint would round 1.5 to 2); anything
        -- else reads as null and lands in the 'unknown' bucket
        case
            when isfinite(try_cast(json_extract_string(r.properties, p.turn_path) as double))
                and trunc(try_cast(json_extract_string(r.properties, p.turn_path) as double))
                    = try_cast(json_extract_string(r.properties, p.turn_path) as double)
                then try_cast(try_cast(json_extract_string(r.properties, p.turn_path) as double) as bigint)
        end as turn_index,
        case
            when p.group_by is null then 'all'
            else coalesce(json_extract_string(r.properties, '/' || replace(replace(p.group_by, '~', '~0'), '/', '~1')), '(missing)')
        end as group_value,
        p.first_turn,
        case when isfinite(try_cast(json_extract_string(r.properties, '$.spawn_to_first_token_ms') as double))
            then try_cast(json_extract_string(r.properties, '$.spawn_to_first_token_ms') as double) end as spawn_to_first_token_ms,
        case when isfinite(try_cast(json_extract_string(r.properties, '$.cli_ready_ms') as double))
            then try_cast(json_extract_string(r.properties, '$.cli_ready_ms') as double) end as cli_ready_ms,
        case when isfinite(try_cast(json_extract_string(r.properties, '$.session_init_ms') as double))
            then try_cast(json_extract_string(r.properties, '$.session_init_ms') as double) end as session_init_ms,
        case when isfinite(try_cast(json_extract_string(r.properties, '$.model_first_token_ms') as double))
            then try_cast(json_extract_string(r.properties, '$.model_first_token_ms') as double) end as model_first_token_ms,
        case
            when r.outside_window then 'outside_window'
            else f.name
        end as dropped_by,
        coalesce(m.marks, '') as marks
    from runs as r
    cross join params as p
    left join first_failed_filter as f on f.uuid = r.uuid
    left join marks_held as m on m.uuid = r.uuid
),

decomposed as (
    -- The remainder in decimal(28, 9) (values up to 1e19 ms; larger ones fall back to doubles), so
    -- a decomposition that adds up is not a negative remainder by a rounding error.
    select
        *,
        coalesce(
            (try_cast(spawn_to_first_token_ms as decimal(28, 9)) - try_cast(cli_ready_ms as decimal(28, 9))
                - try_cast(session_init_ms as decimal(28, 9)) - try_cast(model_first_token_ms as decimal(28, 9)))::double,
            spawn_to_first_token_ms - cli_ready_ms - session_init_ms - model_first_token_ms
        ) as remainder_ms
    from parts
),

final as (
    select
        uuid,
        distinct_id,
        conversation_id,
        conversation_from_distinct_id,
        timestamp,
        turn_index,
        case
            when turn_index is null or turn_index < first_turn then 'unknown'
            when turn_index = first_turn then 'turn 1'
            else 'turn 2+'
        end as turn_bucket,
        group_value,
        spawn_to_first_token_ms,
        cli_ready_ms,
        session_init_ms,
        model_first_token_ms,
        remainder_ms,
        concat_ws(',',
            case when not (spawn_to_first_token_ms >= 0) or spawn_to_first_token_ms is null then 'spawn_to_first_token_ms' end,
            case when not (cli_ready_ms >= 0) or cli_ready_ms is null then 'cli_ready_ms' end,
            case when not (session_init_ms >= 0) or session_init_ms is null then 'session_init_ms' end,
            case when not (model_first_token_ms >= 0) or model_first_token_ms is null then 'model_first_token_ms' end
        ) as missing_parts,
        case
            when coalesce(spawn_to_first_token_ms >= 0 and cli_ready_ms >= 0 and session_init_ms >= 0 and model_first_token_ms >= 0, false) = false
                then 'missing_parts'
            when remainder_ms < 0 then 'negative_remainder'
            else 'ok'
        end as quality,
        marks,
        dropped_by
    from decomposed
    order by timestamp, uuid
)

select * from final
