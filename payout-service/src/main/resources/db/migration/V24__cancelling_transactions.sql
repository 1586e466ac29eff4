-- A cancellation: when the guard refuses to sign a replacement (a recipient denylisted since, a cap or an allowlist
-- that no longer admits the payment), execution signs instead a transfer of nothing from the sender to itself at the
-- order's nonce with higher fees, so that the payment signed before is not mined. It is stored and broadcast like
-- any transaction of the order; whichever of them is mined decides: the cancellation fails the order, a payment
-- transaction pays it.
alter table payment_transaction add column cancels boolean not null default false;
