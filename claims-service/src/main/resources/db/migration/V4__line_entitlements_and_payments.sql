-- The ledger's entitlements of claim lines (EntitlementIssued): a PayoutSettled item names only the
-- entitlement, this table ties it to its claim line.
create table line_entitlement (
    id              uuid primary key,
    claim_line_id   uuid          not null references claim_line (id),
    amount          numeric(78,0) not null check (amount > 0),
    learned_at      timestamptz   not null
);
create index line_entitlement_line_idx on line_entitlement (claim_line_id);

-- What a settled payout batch paid for one entitlement, in which transaction (PayoutSettled).
-- The sum per claim line never exceeds the line's approved amount (checked under a lock on the line).
create table line_payment (
    batch_id        uuid          not null,
    entitlement_id  uuid          not null references line_entitlement (id),
    claim_line_id   uuid          not null references claim_line (id),
    chain_id        bigint        not null,
    tx_hash         char(66)      not null check (tx_hash ~ '^0x[0-9a-f]{64}$'),
    block_number    bigint        not null check (block_number >= 0),
    amount          numeric(78,0) not null check (amount > 0),
    settled_at      timestamptz   not null,
    primary key (batch_id, entitlement_id)
);
create index line_payment_line_idx on line_payment (claim_line_id);
