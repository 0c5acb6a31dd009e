-- The current state of every aggregate, folded from its events with its type's decider.
create table aggregates (
    aggregate_type text        not null,
    aggregate_id   text        not null,
    version        bigint      not null,
    state          jsonb       not null,
    updated_at     timestamptz not null,
    primary key (aggregate_type, aggregate_id)
);
