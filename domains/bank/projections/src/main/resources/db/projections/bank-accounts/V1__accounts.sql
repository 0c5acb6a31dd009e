-- One row per bank account, as of the last event applied. Unqualified: the runtime picks the schema.
create table accounts (
    id      text   primary key,
    owner   text   not null,
    balance bigint not null,
    status  text   not null,
    version bigint not null
);

-- GET /api/bank/accounts?owner=... pages by owner in a stable order
create index accounts_by_owner on accounts (owner, id);
