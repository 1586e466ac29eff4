-- A QUEUED chain call its owner says must wait (a payment of a round whose commitment is not confirmed yet) records
-- when it last waited; the engine takes open calls in the order of that instant (or of queuing, for a call that
-- never waited), so a crowd of waiting calls never keeps the calls that can be signed from their turn.
alter table payment_order add column waited_at timestamptz;
alter table commitment_call add column waited_at timestamptz;

drop index payment_order_open_idx;
create index payment_order_open_idx on payment_order ((coalesce(waited_at, queued_at)), id)
    where state in ('QUEUED', 'PENDING');
drop index commitment_call_open_idx;
create index commitment_call_open_idx on commitment_call ((coalesce(waited_at, queued_at)), id)
    where state in ('QUEUED', 'PENDING');
