-- Payout instructions: one per entitlement the ledger issued (EntitlementIssued), taken exactly once.
create table payout_instruction (
    id                 uuid primary key,
    entitlement_id     uuid           not null unique,
    round_id           uuid           not null,
    incident_id        uuid           not null,
    claim_id           uuid           not null,
    line_id            uuid           not null,
    asset_symbol       varchar(16)    not null,
    chain_id           bigint         not null check (chain_id > 0),
    -- null: the chain's native coin.
    token_contract     varchar(42)    check (token_contract ~ '^0x[0-9a-fA-F]{40}$'),
    amount_minor_units numeric(78, 0) not null check (amount_minor_units > 0),
    payout_address     varchar(42)    not null check (payout_address ~ '^0x[0-9a-fA-F]{40}$'),
    state              varchar(16)    not null,
    batch_id           uuid,
    tx_hash            char(66),
    block_number       bigint,
    failure_reason     varchar(2000),
    source_event_id    uuid           not null,
    created_at         timestamptz    not null,
    updated_at         timestamptz    not null,
    constraint payout_instruction_state_known check (state in ('PENDING', 'BATCHED', 'PAID', 'FAILED', 'HELD_DENIED')),
    constraint payout_instruction_batched_has_batch check (state not in ('BATCHED', 'PAID', 'FAILED') or batch_id is not null),
    constraint payout_instruction_paid_names_tx check (state <> 'PAID' or (tx_hash is not null and block_number is not null))
);
create index payout_instruction_pending_idx on payout_instruction (incident_id, chain_id, asset_symbol, created_at, id)
    where state = 'PENDING';
create index payout_instruction_list_idx on payout_instruction (created_at, id);
create index payout_instruction_batch_idx on payout_instruction (batch_id);
create index payout_instruction_address_idx on payout_instruction (chain_id, lower(payout_address));

-- V1's batch table is replaced: a batch now carries its plan (methods, gas) and its approvals live beside it.
drop table payout_batch;

create table payout_batch (
    id                   uuid primary key,
    incident_id          uuid           not null,
    chain_id             bigint         not null check (chain_id > 0),
    asset_symbol         varchar(16)    not null,
    token_contract       varchar(42),
    state                varchar(16)    not null,
    item_count           integer        not null check (item_count > 0),
    recipient_count      integer        not null check (recipient_count > 0 and recipient_count <= item_count),
    total_minor_units    numeric(78, 0) not null check (total_minor_units > 0),
    -- keccak256 over the canonical encoding of the items (dev.restitution.payout.batch.domain.BatchHash).
    items_hash           char(66)       not null check (items_hash ~ '^0x[0-9a-f]{64}$'),
    required_approvals   integer        not null check (required_approvals in (1, 2)),
    contract_item_count  integer        not null check (contract_item_count >= 0),
    plain_transfer_count integer        not null check (plain_transfer_count >= 0),
    estimated_gas        bigint         not null check (estimated_gas > 0),
    proposed_by          varchar(255)   not null,
    proposed_by_name     varchar(255)   not null,
    proposed_at          timestamptz    not null,
    idempotency_key      varchar(128)   not null,
    decided_at           timestamptz,
    constraint payout_batch_state_known check (state in ('PROPOSED', 'APPROVED', 'PAID', 'FAILED', 'CANCELLED')),
    constraint payout_batch_items_add_up check (contract_item_count + plain_transfer_count = item_count),
    constraint payout_batch_one_key_one_batch unique (proposed_by, idempotency_key)
);
create index payout_batch_proposed_idx on payout_batch (proposed_at desc, id);

create table payout_batch_item (
    batch_id           uuid           not null references payout_batch (id),
    position           integer        not null check (position >= 0),
    instruction_id     uuid           not null references payout_instruction (id),
    entitlement_id     uuid           not null,
    recipient          varchar(42)    not null,
    amount_minor_units numeric(78, 0) not null check (amount_minor_units > 0),
    method             varchar(16)    not null check (method in ('BATCH_CONTRACT', 'PLAIN_TRANSFER')),
    recipient_fresh    boolean        not null,
    estimated_gas      bigint         not null check (estimated_gas > 0),
    -- Set when the batch's approval became final and its payment orders were queued.
    order_id           uuid,
    primary key (batch_id, position),
    unique (batch_id, instruction_id)
);
create index payout_batch_item_order_idx on payout_batch_item (order_id);

-- Approvals name the hash the approver reviewed; only approvals of the batch's hash count.
create table payout_batch_approval (
    batch_id       uuid          not null references payout_batch (id),
    approved_by    varchar(255)  not null,
    approver_name  varchar(255)  not null,
    items_hash     char(66)      not null,
    approved_at    timestamptz   not null,
    primary key (batch_id, approved_by)
);
