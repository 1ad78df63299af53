-- experiment-conversion-by-variant: per variant, the exposed units and how many of them converted
--   (did $metric at or after their first exposure, within the window). Sufficient statistics for
--   rates, Wilson intervals, lifts, the z-test, SRM and the Beta posteriors (TypeScript does those).
-- inputs: events (the canonical table loaded by loadEvents)
-- grain: one row per variant, ordered by variant. Units seen in more than one variant are excluded
--   (counted by experiment-exposure-health.sql).
-- params:
--   $flag            the flag key ($feature_flag of $feature_flag_called events)
--   $metric          the conversion event name
--   $unit            '' = distinct_id, else the event property holding the unit (read from the
--                    exposure and the metric events alike)
--   $window_seconds  conversion window after the first exposure, in seconds; 0 = no limit
with
params as (
    select
        $flag::varchar as flag,
        $metric::varchar as metric,
        $unit::varchar as unit_property,
        '$."' || $unit || '"' as unit_path,
        $window_seconds::double as window_seconds
),

exposure_events as (
    select
        case when p.unit_property = '' then e.distinct_id else json_extract_string(e.properties, p.unit_path) end as unit,
        json_extract_string(e.properties, '$."$feature_flag_response"') as variant,
        e.timestamp
    from events as e
    cross join params as p
    where e.event = '$feature_flag_called'
      and json_extract_string(e.properties, '$."$feature_flag"') = p.flag
),

exposed_units as (
    select
        unit,
        min(variant) as variant,
        min(timestamp) as first_exposed_at
    from exposure_events
    where unit is not null and variant is not null
    group by unit
    having count(distinct variant) = 1
),

metric_events as (
    select
        case when p.unit_property = '' then e.distinct_id else json_extract_string(e.properties, p.unit_path) end as unit,
        e.timestamp
    from events as e
    cross join params as p
    where e.event = p.metric
),

converted_units as (
    select distinct u.unit
    from exposed_units as u
    inner join metric_events as m on m.unit = u.unit
    cross join params as p
    where m.timestamp >= u.first_exposed_at
      and (p.window_seconds <= 0 or m.timestamp <= u.first_exposed_at + to_microseconds((p.window_seconds * 1000000)::bigint))
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
