-- One row per initiated payment: what the provider answered, and what the order made of the decision. Unqualified:
-- the runtime picks the schema.
create table payments (
    order_id          text        not null,
    -- the version of the order's PaymentInitiated: an order may be paid again after a failed payment
    initiated_version bigint      not null,
    -- Approved, Declined or NoAnswer
    answer            text        not null,
    -- the provider's reference of an approved charge
    reference         text,
    -- Accepted, Rejected or VersionConflict
    outcome           text        not null,
    reason            text,
    decided_at        timestamptz not null default now(),
    primary key (order_id, initiated_version)
);
