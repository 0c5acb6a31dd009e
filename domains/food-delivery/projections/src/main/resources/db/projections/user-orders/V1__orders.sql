-- Each user's orders, keyed by user. Unqualified: the runtime picks the schema.
create table orders (
    user_id   text        not null,
    order_id  text        not null,
    -- when the gateway placed the order: the list's order, whatever partition each order's events are in
    placed_at timestamptz not null,
    primary key (user_id, order_id)
);

create index orders_by_user_in_creation_order on orders (user_id, placed_at, order_id);
