-- latest-event-time: the default as-of time of a plan ("last 7 days" counts back from here), so a
-- verdict depends on the plan and the data only, never on when it is run.
-- inputs: events (the canonical table loaded by loadEvents)
-- grain: one row; latest is null when there is no event named $event. latest_us is the same time
--   in microseconds since the epoch (a JavaScript Date keeps milliseconds only: a window that ends
--   at `latest` must end at its microsecond, or the latest run falls outside it).
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
        epoch_us(max(timestamp)) as latest_us,
        count(*) as events
    from matching
)

select * from final
