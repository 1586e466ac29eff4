-- On-chain commitments (the CommitmentRegistry contract): a sealed snapshot's and each approved round's. One row per
-- commitment id, taken once from SnapshotSealed or RoundApproved (a redelivered event finds it and creates nothing);
-- the hash the contract must store is fixed here. OPEN until a call's transaction is confirmed at depth (or the
-- contract is found to hold this hash already): PUBLISHED, with the transaction. CONFLICT: the contract holds another
-- hash under the id; it is never sent again, and the round is never paid.
create table commitment (
    commitment_id   char(66)      primary key check (commitment_id ~ '^0x[0-9a-f]{64}$'),
    kind            varchar(8)    not null check (kind in ('SNAPSHOT', 'ROUND')),
    incident_id     uuid          not null,
    round_id        uuid,
    round_number    integer       check (round_number > 0),
    root            char(66)      not null check (root ~ '^0x[0-9a-f]{64}$'),
    row_count       bigint        check (row_count > 0),
    cutoff_seconds  bigint        check (cutoff_seconds >= 0),
    totals_hash     char(66)      not null check (totals_hash ~ '^0x[0-9a-f]{64}$'),
    -- keccak256 of the committed fields, what commitments(commitment_id) must hold once published.
    committed_hash  char(66)      not null check (committed_hash ~ '^0x[0-9a-f]{64}$'),
    state           varchar(16)   not null check (state in ('OPEN', 'PUBLISHED', 'CONFLICT')),
    conflict_reason varchar(2000),
    chain_id        bigint        check (chain_id > 0),
    contract        varchar(42)   check (contract ~ '^0x[0-9a-f]{40}$'),
    tx_hash         char(66)      check (tx_hash ~ '^0x[0-9a-f]{64}$'),
    block_number    bigint        check (block_number >= 0),
    published_at    timestamptz,
    source_event_id uuid          not null,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    constraint commitment_kind_fields check (
        (kind = 'SNAPSHOT' and round_id is null and round_number is null and row_count is not null and cutoff_seconds is not null)
        or (kind = 'ROUND' and round_id is not null and round_number is not null and row_count is null and cutoff_seconds is null)),
    constraint commitment_published_names_tx check ((state = 'PUBLISHED') = (tx_hash is not null)
        and (tx_hash is null) = (block_number is null) and (tx_hash is null) = (published_at is null)
        and (tx_hash is null) = (chain_id is null) and (tx_hash is null) = (contract is null)),
    constraint commitment_conflict_says_why check ((state = 'CONFLICT') = (conflict_reason is not null))
);
create unique index commitment_round_idx on commitment (round_id) where round_id is not null;
create index commitment_open_idx on commitment (created_at, commitment_id) where state = 'OPEN';

-- The chain calls that publish a commitment: one attempt at a time (a reverted or refused attempt is FAILED and a
-- new one is queued), each a chain call of the transaction engine like a payment order.
create table commitment_call (
    id                     uuid           primary key,
    commitment_id          char(66)       not null references commitment (commitment_id),
    attempt                integer        not null check (attempt > 0),
    chain_id               bigint         not null check (chain_id > 0),
    contract               varchar(42)    not null check (contract ~ '^0x[0-9a-f]{40}$'),
    state                  varchar(16)    not null check (state in ('QUEUED', 'PENDING', 'CONFIRMED', 'FAILED')),
    sender                 varchar(42),
    nonce                  numeric(78, 0),
    failure_reason         varchar(2000),
    confirmed_tx_hash      char(66),
    confirmed_block_number bigint,
    queued_at              timestamptz    not null,
    signed_at              timestamptz,
    held_reason            varchar(2000),
    held_at                timestamptz,
    updated_at             timestamptz    not null,
    constraint commitment_call_attempt_once unique (commitment_id, attempt),
    constraint commitment_call_nonce_once check ((sender is null) = (nonce is null)),
    constraint commitment_call_pending_has_nonce check (state not in ('PENDING', 'CONFIRMED')
        or (nonce is not null and signed_at is not null)),
    constraint commitment_call_confirmed_names_tx check (state <> 'CONFIRMED'
        or (confirmed_tx_hash is not null and confirmed_block_number is not null)),
    constraint commitment_call_failed_says_why check (state <> 'FAILED' or failure_reason is not null),
    constraint commitment_call_held_whole check ((held_reason is null) = (held_at is null)),
    constraint commitment_call_one_nonce_per_sender unique (chain_id, sender, nonce)
);
-- At most one attempt of a commitment is live at any moment: never two transactions for one commitment in flight.
create unique index commitment_call_one_live_idx on commitment_call (commitment_id) where state <> 'FAILED';
create index commitment_call_open_idx on commitment_call (queued_at, id) where state in ('QUEUED', 'PENDING');

-- payment_transaction now holds the signed transactions of every chain call, payment orders' and commitment calls'
-- alike (order_id is the call's id); the sender's nonce sequence (sender_nonce) spans both.
alter table payment_transaction drop constraint payment_transaction_order_id_fkey;
