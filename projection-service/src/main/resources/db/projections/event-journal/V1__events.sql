-- Every event of every aggregate type, as it is in the log: the audit trail and the history query-service serves.
create table events (
    aggregate_type text        not null,
    aggregate_id   text        not null,
    version        bigint      not null,
    event_type     text        not null,
    time           timestamptz not null,
    data           jsonb       not null,
    command_id     text        not null,
    command_offset bigint      not null,
    correlation_id text        not null,
    event_id       text        not null,
    -- the order this journal stored events in; a stream of all events of a type resumes from it
    position       bigint      generated always as identity,
    primary key (aggregate_type, aggregate_id, version)
);

create unique index events_by_position on events (position);
create index events_by_type on events (aggregate_type, position);
