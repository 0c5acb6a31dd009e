-- Which runner rebuilds a projection, and when it last said so: exactly one runner (of one instance) may apply a
-- rebuild's batches, and one whose lease has lapsed (its instance died) is taken over after
-- annals.consumer.rebuild-lease.
alter table public.annals_projection
    add column if not exists rebuild_runner    text,
    add column if not exists rebuild_heartbeat timestamptz;
