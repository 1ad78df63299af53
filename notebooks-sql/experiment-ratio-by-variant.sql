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
params as (
    select
        $flag::varchar as flag,
        $metric::varchar as metric,
        $unit::varchar as unit_property,
        '$."' || $unit || '"' as unit_path,
        $window_seconds::double as window_seconds,
        $value_property::varchar as value_property,
        '$."' || $value_property || '"' as value_path,
        $denominator_event::varchar as denominator_event,
        $denominator_property::varchar as denominator_property,
        '$."' || $denominator_property || '"' as denominator_path
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
        case when e.event = p.metric then
            case when p.value_property = '' then 1 else try_cast(json_extract_string(e.properties, p.value_path) as double) end
        end as x,
        case when e.event = p.denominator_event then
            case when p.denominator_property = '' then 1 else try_cast(json_extract_string(e.properties, p.denominator_path) as double) end
        end as y
    from events as e
    cross join params as p
    where e.event = p.metric or e.event = p.denominator_event
),

per_unit as (
    select
        u.variant,
        u.unit,
        coalesce(sum(m.x), 0) as x,
        coalesce(sum(m.y), 0) as y
    from exposed_units as u
    cross join params as p
    left join metric_events as m
        on m.unit = u.unit
       and m.timestamp >= u.first_exposed_at
       and (p.window_seconds <= 0 or m.timestamp <= u.first_exposed_at + to_microseconds((p.window_seconds * 1000000)::bigint))
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
