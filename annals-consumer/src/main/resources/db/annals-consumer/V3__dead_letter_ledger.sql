-- Every event a consumer has sent to its dead-letter topic, by the consumer's name (a rebuild's under its
-- projection's): a rebuild that fails the same event again records its gap but does not send a second letter, so a
-- replay tool sees each event once and the dead-letter count does not grow with every rebuild; a consumer that
-- restarts before its checkpoint moved past one does not send it twice either. Only a letter younger than the
-- dead-letter topic's retention counts: one the topic has deleted is sent again.
create table if not exists public.annals_dead_letter (
    consumer        text        not null,
    topic           text        not null,
    partition       integer     not null,
    kafka_offset    bigint      not null,
    -- the generation a rebuild was filling; null for the live consumer
    rebuild_generation integer,
    reason          text        not null,
    dead_lettered_at timestamptz not null default now(),
    primary key (consumer, topic, partition, kafka_offset)
);
