-- Payment orders: one order = one on-chain transaction paying its items. Queued by the batches side
-- inside its own transaction; execution signs, broadcasts and confirms them, one durable step at a time.
create table payment_order (
    id                     uuid primary key,
    batch_id               uuid           not null,
    chain_id               bigint         not null check (chain_id > 0),
    -- null: the chain's native coin.
    token_contract         varchar(42),
    method                 varchar(16)    not null,
    item_count             integer        not null check (item_count > 0),
    total_minor_units      numeric(78, 0) not null check (total_minor_units > 0),
    -- keccak256(abi.encode(recipients, amounts)), as BatchPayout emits it.
    items_hash             char(66)       not null,
    -- keccak256("restitution.payout.order:" || id): the BatchPayout batch id, so the contract refuses a
    -- second execution of the same order whatever else went wrong.
    onchain_batch_id       char(66)       not null unique,
    state                  varchar(16)    not null,
    -- The sending address and its nonce, fixed when the first transaction is signed: every later
    -- transaction of this order (replacements, re-broadcasts) uses exactly this nonce.
    sender                 varchar(42),
    nonce                  numeric(78, 0),
    failure_reason         varchar(2000),
    confirmed_tx_hash      char(66),
    confirmed_block_number bigint,
    queued_at              timestamptz    not null,
    updated_at             timestamptz    not null,
    constraint payment_order_method_known check (method in ('BATCH_CONTRACT', 'PLAIN_TRANSFER')),
    constraint payment_order_plain_transfer_pays_one check (method <> 'PLAIN_TRANSFER' or item_count = 1),
    constraint payment_order_state_known check (state in ('QUEUED', 'PENDING', 'CONFIRMED', 'FAILED')),
    constraint payment_order_nonce_once check ((sender is null) = (nonce is null)),
    constraint payment_order_pending_has_nonce check (state not in ('PENDING', 'CONFIRMED') or nonce is not null),
    constraint payment_order_confirmed_names_tx check (state <> 'CONFIRMED'
        or (confirmed_tx_hash is not null and confirmed_block_number is not null)),
    constraint payment_order_failed_says_why check (state <> 'FAILED' or failure_reason is not null),
    constraint payment_order_one_nonce_per_sender unique (chain_id, sender, nonce)
);
create index payment_order_open_idx on payment_order (queued_at, id) where state in ('QUEUED', 'PENDING');
create index payment_order_batch_idx on payment_order (batch_id);

create table payment_item (
    order_id           uuid           not null references payment_order (id),
    position           integer        not null check (position >= 0),
    instruction_id     uuid           not null,
    recipient          varchar(42)    not null,
    amount_minor_units numeric(78, 0) not null check (amount_minor_units > 0),
    primary key (order_id, position)
);
create index payment_item_instruction_idx on payment_item (instruction_id);
