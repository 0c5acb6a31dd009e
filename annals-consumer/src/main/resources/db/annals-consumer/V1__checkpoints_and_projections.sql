-- Where each consumer is in each partition. Written in the same transaction as the read model it describes.
--   kafka_offset:   the next offset to read (the consumer's position after the last applied batch)
--   command_offset: the highest command offset applied (ce_commandoffset), -1 before the first event;
--                   a consistency token <type>:<partition>:<offset> is reached when command_offset >= offset
create table if not exists public.annals_checkpoint (
    consumer       text        not null,
    topic          text        not null,
    partition      integer     not null,
    kafka_offset   bigint      not null,
    command_offset bigint      not null,
    updated_at     timestamptz not null default now(),
    primary key (consumer, topic, partition)
);

-- One row per projection: the generation whose tables the published views show, and a rebuild under way.
create table if not exists public.annals_projection (
    name                  text        primary key,
    generation            integer     not null,
    rebuilding_generation integer,
    rebuild_started_at    timestamptz,
    swapped_at            timestamptz
);
