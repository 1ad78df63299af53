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
params as (
    select
        $flag::varchar as flag,
        $unit::varchar as unit_property,
        '$."' || $unit || '"' as unit_path
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

units as (
    select
        unit,
        count(distinct variant) as variants
    from exposure_events
    where unit is not null and variant is not null
    group by unit
),

final as (
    select
        (select count(*) from exposure_events) as exposure_events,
        (select count(*) from units) as exposed_units,
        (select count(*) from units where variants > 1) as multi_variant_units,
        (select count(*) from exposure_events where unit is null) as exposures_without_unit,
        (select count(*) from exposure_events where unit is not null and variant is null) as exposures_without_variant
)

select * from final
