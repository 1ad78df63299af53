-- experiment-continuous-by-variant: per variant, the sufficient statistics of a numeric metric per
--   unit (n, sum, sum of squares) for Welch's t-test. The per-unit value is the sum or the mean of
--   property $value_property over the unit's $metric events at or after its first exposure,
--   within the window.
-- inputs: events (the canonical table loaded by loadEvents)
-- grain: one row per variant, ordered by variant.
-- params:
--   $flag, $metric, $unit, $window_seconds   as in experiment-conversion-by-variant.sql
--   $value_property  the numeric event property (e.g. 'revenue'); values that are not numbers are
--                    skipped and counted in non_numeric_values
--   $aggregate       'sum': every exposed unit counts, 0 when it has no value;
--                    'mean': the mean of the unit's values, units without a value are left out
--                    (counted in units_without_value)
with
params as (
    select
        $flag::varchar as flag,
        $metric::varchar as metric,
        $unit::varchar as unit_property,
        '$."' || $unit || '"' as unit_path,
        $window_seconds::double as window_seconds,
        '$."' || $value_property || '"' as value_path,
        $aggregate::varchar as aggregate
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
        e.timestamp,
        json_extract_string(e.properties, p.value_path) as raw_value,
        try_cast(json_extract_string(e.properties, p.value_path) as double) as value
    from events as e
    cross join params as p
    where e.event = p.metric
),

unit_values as (
    select
        u.variant,
        u.unit,
        sum(m.value) as value_sum,
        avg(m.value) as value_mean,
        count(m.raw_value) - count(m.value) as non_numeric_values
    from exposed_units as u
    cross join params as p
    left join metric_events as m
        on m.unit = u.unit
       and m.timestamp >= u.first_exposed_at
       and (p.window_seconds <= 0 or m.timestamp <= u.first_exposed_at + to_microseconds((p.window_seconds * 1000000)::bigint))
    group by u.variant, u.unit
),

per_unit as (
    select
        v.variant,
        case when p.aggregate = 'sum' then coalesce(v.value_sum, 0) else v.value_mean end as value,
        v.non_numeric_values
    from unit_values as v
    cross join params as p
),

final as (
    select
        variant,
        count(value) as units,
        coalesce(sum(value), 0) as sum,
        coalesce(sum(value * value), 0) as sum_squares,
        count(*) - count(value) as units_without_value,
        sum(non_numeric_values) as non_numeric_values
    from per_unit
    group by variant
)

select * from final order by variant
