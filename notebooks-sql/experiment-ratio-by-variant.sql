-- experiment-ratio-by-variant: per variant, the sufficient statistics of a ratio metric
--   sum(X) / sum(Y) over units, with X and Y per unit (e.g. X = revenue of 'purchase' events,
--   Y = count of 'session_start' events), for the delta-method variance (Deng, Knoblich & Lu 2018).
--   Only events at or after the unit's first exposure, within the window, count.
-- inputs: events (the canonical table loaded by loadEvents)
-- grain: one row per variant, ordered by variant. Every exposed unit counts (X = Y = 0 when it has
--   no events).
-- params:
--   $flag, $metric, $unit, $window_seconds   as in experiment-conversion-by-variant.sql ($metric is X's event)
--   $value_property        X = sum of this property over $metric events; '' = count of $metric events
--   $denominator_event     Y's event
--   $denominator_property  Y = sum of this property over $denominator_event events; '' = their count
with
exposure_events as not materialized (
    -- (not materialized: flag_kind reads a few of its rows, exposures all of them once; DuckDB
    -- would otherwise materialize a CTE read twice, copying every exposure)
    -- one JSON parse per exposure for both fields: json_transform to a struct of VARCHARs gives
    -- each the text json_extract_string would (a string unquoted, any other value as JSON, null
    -- when absent), and costs less than a list of json_extract_string paths
    select
        case when $unit = '' then e.distinct_id
            -- (a JSON pointer: any property name works, quotes included; RFC 6901 escapes '~' and '/'; an empty id is no unit)
            else nullif(json_extract_string(e.properties, '/' || replace(replace(coalesce(nullif($unit, ''), 'distinct_id'), '~', '~0'), '/', '~1')), '') end as unit,
        json_transform(e.properties, '{"$feature_flag": "VARCHAR", "$feature_flag_response": "VARCHAR"}') as fields,
        e.timestamp
    from events as e
    where e.event = '$feature_flag_called'
),

flag_kind as (
    -- PostHog sends $feature_flag_response false for a multivariate flag that matched nothing (the
    -- unit was not in the experiment then). So for a flag whose exposures name any variant other
    -- than true and false, false names no variant; a boolean flag's true and false stay its arms.
    -- (limit 1: the scan stops at the first such exposure)
    select count(*) > 0 as false_is_no_variant
    from (
        select 1 from exposure_events
        where fields."$feature_flag" = $flag and fields."$feature_flag_response" not in ('true', 'false')
        limit 1
    )
),

exposures as (
    -- each exposure's flag and the variant it names (null: none)
    select
        e.unit,
        e.fields."$feature_flag" as flag,
        case when e.fields."$feature_flag_response" = 'false' and k.false_is_no_variant then null
            else e.fields."$feature_flag_response" end as response,
        e.timestamp
    from exposure_events as e, flag_kind as k
),

exposed_units as (
    -- units whose exposures to $flag all name one variant, with their first exposure. The flag and
    -- variant tests are aggregate filters rather than a where clause: DuckDB would push a where
    -- clause below the projection and parse each exposure's JSON once more per test (3 parses
    -- instead of 1; most of this query's time at 10M events).
    select
        unit,
        min(response) filter (where flag = $flag) as variant,
        min(timestamp) filter (where flag = $flag and response is not null) as first_exposed_at
    from exposures
    where unit is not null
    group by unit
    having min(response) filter (where flag = $flag) = max(response) filter (where flag = $flag)
),

metric_events as (
    select
        case when $unit = '' then e.distinct_id
            -- (a JSON pointer: any property name works, quotes included; RFC 6901 escapes '~' and '/'; an empty id is no unit)
            else nullif(json_extract_string(e.properties, '/' || replace(replace(coalesce(nullif($unit, ''), 'distinct_id'), '~', '~0'), '/', '~1')), '') end as unit,
        e.timestamp,
        case when e.event = $metric then
            case when $value_property = '' then 1
                else try_cast(json_extract_string(e.properties, '/' || replace(replace(coalesce(nullif($value_property, ''), 'x'), '~', '~0'), '/', '~1')) as double) end
        end as x,
        case when e.event = $denominator_event then
            case when $denominator_property = '' then 1
                else try_cast(json_extract_string(e.properties, '/' || replace(replace(coalesce(nullif($denominator_property, ''), 'y'), '~', '~0'), '/', '~1')) as double) end
        end as y
    from events as e
    where e.event = $metric or e.event = $denominator_event
),

per_unit as (
    select
        u.variant,
        u.unit,
        -- (only finite numbers count: try_cast also reads 'NaN' and 'Infinity', and one of those
        -- would make its variant's sums NaN; a property that is not a finite number adds nothing)
        coalesce(sum(case when isfinite(m.x) then m.x end), 0) as x,
        coalesce(sum(case when isfinite(m.y) then m.y end), 0) as y
    from exposed_units as u
    left join metric_events as m
        on m.unit = u.unit
       and m.timestamp >= u.first_exposed_at
       and ($window_seconds::double <= 0 or m.timestamp <= u.first_exposed_at + to_microseconds(($window_seconds::double * 1000000)::bigint))
    group by u.variant, u.unit
),

final as (
    select
        variant,
        count(*) as units,
        sum(x) as sum_x,
        sum(y) as sum_y,
        sum(x * x) as sum_x2,
        sum(y * y) as sum_y2,
        sum(x * y) as sum_xy
    from per_unit
    group by variant
)

select * from final order by variant
