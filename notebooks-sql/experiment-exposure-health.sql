-- experiment-exposure-health: how many units were exposed to a flag, and how many the analysis
--   must set aside (seen in more than one variant; exposures that name no unit or no variant).
-- inputs: events (the canonical table loaded by loadEvents: uuid, event, distinct_id, timestamp, properties JSON)
-- grain: one row.
-- params:
--   $flag   the flag key ($feature_flag of $feature_flag_called events)
--   $unit   '' to count units by distinct_id, else the event property holding the unit (e.g. 'orgId')
-- rules: an exposure is a $feature_flag_called event for $flag; its variant is $feature_flag_response
--   as text. A unit whose exposures name more than one variant is excluded from every result.
with
exposure_events as (
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

units as (
    -- one row per unit (null = exposures without a unit). The flag and variant tests are aggregate
    -- filters rather than a where clause: DuckDB would push a where clause below the projection
    -- and parse each exposure's JSON once more per test.
    select
        unit,
        count(*) filter (where fields."$feature_flag" = $flag) as flag_exposures,
        count(*) filter (where fields."$feature_flag" = $flag and fields."$feature_flag_response" is null) as without_variant,
        count(fields."$feature_flag_response") filter (where fields."$feature_flag" = $flag) > 0 as has_variant,
        min(fields."$feature_flag_response") filter (where fields."$feature_flag" = $flag) <> max(fields."$feature_flag_response") filter (where fields."$feature_flag" = $flag) as several_variants
    from exposure_events
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
