-- experiment-conversion-with-health: experiment-exposure-health.sql and
--   experiment-conversion-by-variant.sql in one pass over the exposures (each exposure's JSON is
--   parsed once and its units grouped once, instead of once per query): per variant, the exposed
--   units and how many converted (did $metric at or after their first exposure, within the
--   window), each row carrying the flag's exposure health. Sufficient statistics; TypeScript does
--   the inference. Its numbers equal those of the two queries it joins.
-- inputs: events (the canonical table loaded by loadEvents: uuid, event, distinct_id, timestamp, properties JSON)
-- grain: one row per variant, ordered by variant; when no unit has exactly one variant, a single
--   row whose variant, units and conversions are null (the health columns still set). The health
--   columns are the same on every row: exposure_events, exposed_units, multi_variant_units,
--   exposures_without_unit, exposures_without_variant (see experiment-exposure-health.sql).
-- params:
--   $flag            the flag key ($feature_flag of $feature_flag_called events)
--   $metric          the conversion event name
--   $unit            '' = distinct_id, else the event property holding the unit (read from the
--                    exposure and the metric events alike)
--   $window_seconds  conversion window after the first exposure, in seconds; 0 = no limit
-- rules: an exposure is a $feature_flag_called event for $flag; its variant is
--   $feature_flag_response as text, except PostHog's false where the flag's exposures name other
--   variants than true/false (a multivariate flag that matched nothing: no variant, counted in
--   exposures_without_variant). A unit whose exposures name more than one variant is excluded
--   from the per-variant counts (and counted in multi_variant_units).
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

units as materialized (
    -- one row per unit (null = exposures without a unit), grouped once for the health counts and
    -- the conversions. The flag and variant tests are aggregate filters rather than a where
    -- clause: DuckDB would push a where clause below the projection and parse each exposure's
    -- JSON once more per test. in_one_variant: the unit's exposures to $flag all name one
    -- variant (it is analysed).
    select
        unit,
        count(*) filter (where flag = $flag) as flag_exposures,
        count(*) filter (where flag = $flag and response is null) as without_variant,
        min(response) filter (where flag = $flag) as first_variant,
        max(response) filter (where flag = $flag) as last_variant,
        min(timestamp) filter (where flag = $flag and response is not null) as first_exposed_at,
        unit is not null and first_variant = last_variant as in_one_variant
    from exposures
    group by unit
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
    -- analysed units that did $metric at or after their first exposure, within the window, with
    -- their variant
    select distinct u.unit, u.first_variant as variant
    from units as u
    inner join metric_events as m
        on m.unit = u.unit
       and m.timestamp >= u.first_exposed_at
       and ($window_seconds::double <= 0 or m.timestamp <= u.first_exposed_at + to_microseconds(($window_seconds::double * 1000000)::bigint))
    where u.in_one_variant
),

conversions as (
    -- counted per variant here, so the units need no join with the converted ones
    select variant, count(*) as conversions
    from converted_units
    group by variant
),

groups as materialized (
    -- one row per variant of the analysed units, and one (variant null) for every other unit;
    -- each row carries its part of the health counts
    select
        case when in_one_variant then first_variant end as variant,
        count(*) filter (where in_one_variant) as units,
        coalesce(sum(flag_exposures), 0) as flag_exposures,
        count(*) filter (where unit is not null and first_variant is not null) as exposed_units,
        count(*) filter (where unit is not null and first_variant <> last_variant) as multi_variant_units,
        coalesce(sum(flag_exposures) filter (where unit is null), 0) as exposures_without_unit,
        coalesce(sum(without_variant) filter (where unit is not null), 0) as exposures_without_variant
    from units
    group by all
),

health as (
    select
        coalesce(sum(flag_exposures), 0)::bigint as exposure_events,
        coalesce(sum(exposed_units), 0)::bigint as exposed_units,
        coalesce(sum(multi_variant_units), 0)::bigint as multi_variant_units,
        coalesce(sum(exposures_without_unit), 0)::bigint as exposures_without_unit,
        coalesce(sum(exposures_without_variant), 0)::bigint as exposures_without_variant
    from groups
),

final as (
    select
        v.variant,
        v.units,
        case when v.variant is not null then coalesce(c.conversions, 0) end as conversions,
        h.exposure_events,
        h.exposed_units,
        h.multi_variant_units,
        h.exposures_without_unit,
        h.exposures_without_variant
    from health as h
    left join groups as v on v.variant is not null
    left join conversions as c on c.variant = v.variant
)

select * from final order by variant
