-- A payment is no longer decided at once: a charge that goes unanswered stays pending while the provider is asked
-- again (ask-again deadlines), and an approved charge the order turns away, or one given up, is reversed. The row
-- keeps the payment's state; payment_steps every step it took.
alter table payments
    alter column answer drop not null,
    alter column outcome drop not null,
    add column charge_key       text,
    add column payment_data     text,
    -- pending, confirmed, failed, turned-away, refunded, cancelled
    add column status           text,
    -- how many times the provider was asked again
    add column asks             integer     not null default 0,
    add column refund_reference text,
    add column updated_at       timestamptz not null default now();

update payments set status = case
    when outcome <> 'Accepted' then 'turned-away'
    when answer = 'Approved' then 'confirmed'
    else 'failed' end;

alter table payments alter column status set not null;

create table payment_steps (
    order_id          text        not null,
    initiated_version bigint      not null,
    -- the time of the step itself, not of its transaction: a reaction may take several
    at                timestamptz not null default clock_timestamp(),
    step              text        not null,
    detail            text
);

create index payment_steps_payment on payment_steps (order_id, initiated_version, at);
