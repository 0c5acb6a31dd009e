-- One row per food order: where it is in delivery. Unqualified: the runtime picks the schema.
create table orders (
    order_id      text        primary key,
    status        text        not null,
    -- the time of the event that set status
    last_status   timestamptz not null,
    delivery_code text        not null,
    version       bigint      not null
);
