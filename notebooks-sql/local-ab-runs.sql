-- local-ab-runs: the runs of a paired local A/B recorded as events (e.g. fresh vs resumed sessions).
-- inputs: events (the canonical table loaded by loadEvents)
-- grain: one row per event named $event; pairing (two arms per pair id) happens in TypeScript,
--   which counts incomplete and duplicated pairs instead of dropping them.
-- params:
--   $event          event name, e.g. 'local_ab_run'
--   $pair_property  property holding the pair id, e.g. 'pair_id'
--   $arm_property   property holding the arm, e.g. 'arm' (values such as 'fresh', 'resumed')
--   $metric         numeric property compared between arms, e.g. 'spawn_to_first_token_ms'
-- value: the metric as a finite number, else null (pairing counts the pair as missing_value): a
--   missing or non-numeric metric, and "NaN" / "Infinity", which try_cast reads as doubles, as
--   latency-runs.sql reads its segments and a pairs file reads its metric column.
with
params as (
    select
        $event::varchar as event_name,
        '/' || replace(replace($pair_property, '~', '~0'), '/', '~1') as pair_path,
        '/' || replace(replace($arm_property, '~', '~0'), '/', '~1') as arm_path,
        '/' || replace(replace($metric, '~', '~0'), '/', '~1') as metric_path
),

runs as (
    select
        e.uuid,
        e.timestamp,
        json_extract_string(e.properties, p.pair_path) as pair_id,
        json_extract_string(e.properties, p.arm_path) as arm,
        case when isfinite(try_cast(json_extract_string(e.properties, p.metric_path) as double))
            then try_cast(json_extract_string(e.properties, p.metric_path) as double) end as value
    from events as e
    cross join params as p
    where e.event = p.event_name
),

final as (
    select
        uuid,
        timestamp,
        pair_id,
        arm,
        value
    from runs
    order by pair_id, arm, timestamp, uuid
)

select * from final
