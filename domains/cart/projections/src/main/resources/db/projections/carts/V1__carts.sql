-- One row per cart as of its last event, and its lines. Unqualified: the runtime picks the schema.
create table carts (
    id          text   primary key,
    customer_id text   not null,
    status      text   not null,
    total       bigint not null,
    version     bigint not null
);

create table cart_items (
    cart_id    text    not null references carts (id),
    sku        text    not null,
    quantity   bigint  not null,
    unit_price bigint  not null,
    -- the order in which each sku was first added; GET /api/carts/{id} lists lines in it
    line       integer not null,
    primary key (cart_id, sku)
);
