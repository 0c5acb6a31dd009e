-- One row per bank account. Unqualified: the runtime puts it in the projection's schema; readers see the view
-- ${database}_activity.activity.
create table activity (
    account_id text   primary key,
    owner      text   not null,
    deposits   bigint not null,
    deposited  bigint not null,
    -- the version of the account's last event: the ETag of its read endpoint
    version    bigint not null
);
