-- A PENDING order execution holds: the guard refused to sign its replacement, or its nonce was used by a
-- transaction this service did not sign. Nothing more is signed or broadcast for it; its stored transactions
-- are still observed, so one that is mined anyway is recorded and confirmed like any other.
alter table payment_order add column held_reason varchar(2000);
alter table payment_order add column held_at timestamptz;
alter table payment_order add constraint payment_order_held_whole check ((held_reason is null) = (held_at is null));
alter table payment_order add constraint payment_order_held_when_signed check (held_reason is null or state <> 'QUEUED');

-- Signing stopped for a sending address: the chain counts more transactions from it than this database signed,
-- so someone else holds its key. The service never lifts a halt; a new key (a new sending address) signs on.
create table sender_halt (
    chain_id            bigint         not null check (chain_id > 0),
    sender              varchar(42)    not null,
    database_next_nonce numeric(78, 0) not null check (database_next_nonce >= 0),
    chain_nonce         numeric(78, 0) not null check (chain_nonce >= 0),
    reason              varchar(2000)  not null,
    detected_at         timestamptz    not null,
    primary key (chain_id, sender)
);
