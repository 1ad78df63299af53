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
    -- one JSON parse per exposure for both fields
    select
        case when $unit = '' then e.distinct_id
            -- (never the path '$.""': DuckDB checks a constant path even on a branch not taken)
            else json_extract_string(e.properties, '$."' || coalesce(nullif($unit, ''), 'distinct_id') || '"') end as unit,
        json_extract_string(e.properties, ['$."$feature_flag"', '$."$feature_flag_response"']) as fields,
        e.timestamp
    from events as e
    where e.event = '$feature_flag_called'
),

flag_exposures as (
    select
        unit,
        fields[2] as variant,
        timestamp
    from exposure_events
    where fields[1] = $flag
),

units as (
    select
        unit,
        min(variant) <> max(variant) as several_variants
    from flag_exposures
    where unit is not null and variant is not null
    group by unit
),

final as (
    select
        (select count(*) from flag_exposures) as exposure_events,
        (select count(*) from units) as exposed_units,
        (select count(*) from units where several_variants) as multi_variant_units,
        (select count(*) from flag_exposures where unit is null) as exposures_without_unit,
        (select count(*) from flag_exposures where unit is not null and variant is null) as exposures_without_variant
)

select * from final
