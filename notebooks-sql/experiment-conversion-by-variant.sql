-- experiment-conversion-by-variant: per variant, the exposed units and how many of them converted
--   (did $metric at or after their first exposure, within the window). Sufficient statistics for
--   rates, Wilson intervals, lifts, the z-test, SRM and the Beta posteriors (TypeScript does those).
-- inputs: events (the canonical table loaded by loadEvents)
-- grain: one row per variant, ordered by variant. Units seen in more than one variant are excluded
--   (counted by experiment-exposure-health.sql, which also says what a variant is: PostHog's false
--   names none for a flag whose exposures name other variants).
-- params:
--   $flag            the flag key ($feature_flag of $feature_flag_called events)
--   $metric          the conversion event name
--   $unit            '' = distinct_id, else the event property holding the unit (read from the
--                    exposure and the metric events alike)
--   $window_seconds  conversion window after the first exposure, in seconds; 0 = no limit
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
        e.timestamp
    from events as e
    where e.event = $metric
),

converted_units as (
    select distinct u.unit
    from exposed_units as u
    inner join metric_events as m
        on m.unit = u.unit
       and m.timestamp >= u.first_exposed_at
       and ($window_seconds::double <= 0 or m.timestamp <= u.first_exposed_at + to_microseconds(($window_seconds::double * 1000000)::bigint))
),

final as (
    select
        u.variant,
        count(*) as units,
        count(c.unit) as conversions
    from exposed_units as u
    left join converted_units as c on c.unit = u.unit
    group by u.variant
)

select * from final order by variant
