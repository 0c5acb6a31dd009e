-- Whose order it is: the one caller besides staff who reads its status and delivery code (query-service's read
-- rule). An order placed before this column existed has none, and only staff read it until a rebuild replays it.
alter table orders add column customer_id text;
