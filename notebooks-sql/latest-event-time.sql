-- latest-event-time: the default as-of time of a plan ("last 7 days" counts back from here), so a
-- verdict depends on the plan and the data only, never on when it is run.
-- inputs: events (the canonical table loaded by loadEvents)
-- grain: one row; latest is null when there is no event named $event.
-- params:
--   $event  event name, e.g. 'run_finished'
with
matching as (
    select e.timestamp
    from events as e
    where e.event = $event::varchar
),

final as (
    select
        max(timestamp) as latest,
        count(*) as events
    from matching
)

select * from final
