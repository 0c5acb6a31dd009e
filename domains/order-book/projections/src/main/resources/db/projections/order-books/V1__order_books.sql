-- Order books: the version each is at, the orders resting in it, and its trades. Unqualified: the runtime picks
-- the schema.
create table books (
    book_id text   primary key,
    version bigint not null
);

create table resting_orders (
    book_id  text   not null references books (book_id),
    order_id bigint not null,
    side     text   not null,
    user_id  text   not null,
    price    bigint not null,
    primary key (book_id, order_id)
);

-- a side in priority order: asks by price ascending, bids by price descending, oldest first within a price
create index resting_orders_by_price on resting_orders (book_id, side, price, order_id);

create table trades (
    book_id       text        not null references books (book_id),
    -- the version of the book's event that recorded the trade: increasing, with gaps where orders rested
    sequence      bigint      not null,
    buyer_id      text        not null,
    seller_id     text        not null,
    price         bigint      not null,
    incoming_side text        not null,
    traded_at     timestamptz not null,
    primary key (book_id, sequence)
);
