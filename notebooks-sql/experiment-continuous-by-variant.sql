-- experiment-continuous-by-variant: per variant, the sufficient statistics of a numeric metric per
--   unit (n, sum, sum of squares) for Welch's t-test. The per-unit value is the sum or the mean of
--   property $value_property over the unit's $metric events at or after its first exposure,
--   within the window.
-- inputs: events (the canonical table loaded by loadEvents)
-- grain: one row per variant, ordered by variant.
-- params:
--   $flag, $metric, $unit, $window_seconds   as in experiment-conversion-by-variant.sql
--   $value_property  the numeric event property (e.g. 'revenue'); values that are not finite numbers
--                    (text, NaN, Infinity) are skipped and counted in non_numeric_values
--   $aggregate       'sum': every exposed unit counts, 0 when it has no value;
--                    'mean': the mean of the unit's values, units without a value are left out
--                    (counted in units_without_value)
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
        json_extract_string(e.properties, '/' || replace(replace(coalesce(nullif($value_property, ''), 'value'), '~', '~0'), '/', '~1')) as raw_value,
        -- a finite number, else null: try_cast also reads 'NaN' and 'Infinity', and one of those
        -- would turn its variant's sums into NaN (they are counted as not numeric instead)
        case when isfinite(try_cast(raw_value as double)) then try_cast(raw_value as double) end as value
    from events as e
    where e.event = $metric
),

unit_values as (
    select
        u.variant,
        u.unit,
        sum(m.value) as value_sum,
        avg(m.value) as value_mean,
        count(m.raw_value) - count(m.value) as non_numeric_values
    from exposed_units as u
    left join metric_events as m
        on m.unit = u.unit
       and m.timestamp >= u.first_exposed_at
       and ($window_seconds::double <= 0 or m.timestamp <= u.first_exposed_at + to_microseconds(($window_seconds::double * 1000000)::bigint))
    group by u.variant, u.unit
),

per_unit as (
    select
        variant,
        case when $aggregate = 'sum' then coalesce(value_sum, 0) else value_mean end as value,
        non_numeric_values
    from unit_values
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
