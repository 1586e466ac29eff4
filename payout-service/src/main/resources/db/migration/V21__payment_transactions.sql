-- Execution state of payment orders. Every signed transaction is stored here before it is broadcast, so a
-- restarted service re-broadcasts what it signed instead of signing anew.
alter table payment_order add column signed_at timestamptz;
alter table payment_order add constraint payment_order_signed_when_pending
    check (state not in ('PENDING', 'CONFIRMED') or signed_at is not null);
-- Per-day caps sum what was signed per asset and day.
create index payment_order_signed_idx on payment_order (chain_id, token_contract, signed_at) where signed_at is not null;

-- One nonce sequence per sending address; the row is locked while a nonce is taken, which also serialises
-- the cap checks of everything that address signs.
create table sender_nonce (
    chain_id   bigint         not null check (chain_id > 0),
    sender     varchar(42)    not null,
    next_nonce numeric(78, 0) not null check (next_nonce >= 0),
    primary key (chain_id, sender)
);

create table payment_transaction (
    tx_hash                      char(66)       primary key,
    order_id                     uuid           not null references payment_order (id),
    -- 1 for the first transaction, then one more per replacement; all share the order's nonce.
    attempt                      integer        not null check (attempt > 0),
    nonce                        numeric(78, 0) not null check (nonce >= 0),
    gas_limit                    numeric(78, 0) not null check (gas_limit > 0),
    max_fee_per_gas_wei          numeric(78, 0) not null check (max_fee_per_gas_wei > 0),
    max_priority_fee_per_gas_wei numeric(78, 0) not null check (max_priority_fee_per_gas_wei >= 0),
    raw_transaction              text           not null,
    signed_at                    timestamptz    not null,
    broadcast_at                 timestamptz,
    -- The receipt last seen for it; cleared when a reorg takes its block away.
    mined_block_number           bigint,
    mined_block_hash             char(66),
    succeeded                    boolean,
    gas_used                     numeric(78, 0),
    reorged_count                integer        not null default 0 check (reorged_count >= 0),
    constraint payment_transaction_attempt_once unique (order_id, attempt),
    constraint payment_transaction_mined_whole check (
        (mined_block_number is null) = (mined_block_hash is null)
        and (mined_block_number is null) = (succeeded is null))
);
