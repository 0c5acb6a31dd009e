-- Where each event's record is in its events topic. A rebuild renumbers positions (they follow the order the
-- journal committed rows in) but finds every event at the same partition and offset: the cursor of a type's
-- stream that survives a rebuild. Rows journaled before this column have none; a rebuild fills them in.
alter table events
    add column log_partition integer,
    add column log_offset    bigint;

create index events_by_log_position on events (aggregate_type, log_partition, log_offset);
create index events_without_log_position on events (aggregate_type, position) where log_partition is null;
