-- experiment-exposure-health: how many units were exposed to a flag, and how many the analysis
--   must set aside (seen in more than one variant; exposures that name no unit or no variant).
-- inputs: events (the canonical table loaded by loadEvents: uuid, event, distinct_id, timestamp, properties JSON)
-- grain: one row.
-- params:
--   $flag   the flag key ($feature_flag of $feature_flag_called events)
--   $unit   '' to count units by distinct_id, else the event property holding the unit (e.g. 'orgId')
-- rules: an exposure is a $feature_flag_called event for $flag; its variant is $feature_flag_response
--   as text, except PostHog's false where the flag's exposures name other variants than true/false
--   (a multivariate flag that matched nothing: no variant, counted in exposures_without_variant).
--   A unit whose exposures name more than one variant is excluded from every result.
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

units as (
    -- one row per unit (null = exposures without a unit). The flag and variant tests are aggregate
    -- filters rather than a where clause: DuckDB would push a where clause below the projection
    -- and parse each exposure's JSON once more per test.
    select
        unit,
        count(*) filter (where flag = $flag) as flag_exposures,
        count(*) filter (where flag = $flag and response is null) as without_variant,
        count(response) filter (where flag = $flag) > 0 as has_variant,
        min(response) filter (where flag = $flag) <> max(response) filter (where flag = $flag) as several_variants
    from exposures
    group by unit
),

final as (
    select
        coalesce(sum(flag_exposures), 0)::bigint as exposure_events,
        count(*) filter (where unit is not null and has_variant) as exposed_units,
        count(*) filter (where unit is not null and several_variants) as multi_variant_units,
        coalesce(sum(flag_exposures) filter (where unit is null), 0)::bigint as exposures_without_unit,
        coalesce(sum(without_variant) filter (where unit is not null), 0)::bigint as exposures_without_variant
    from units
)

select * from final
