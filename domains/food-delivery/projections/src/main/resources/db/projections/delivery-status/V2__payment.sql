-- Where the order's payment is: none, pending, paid or failed. A read model of its own events: an order placed
-- before this column existed is 'none' until a rebuild replays its payment events.
alter table orders add column payment text not null default 'none';
