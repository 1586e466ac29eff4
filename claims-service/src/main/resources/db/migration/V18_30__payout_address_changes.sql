-- Replacements of a claim's payout address (one chain) waiting out the cool-down: the first address of a chain is in
-- force at once (payout_address); every later one is a change here, PENDING until effective_at, then EFFECTIVE (the
-- payout_address row is replaced), or CANCELLED by the claimant before. At most one PENDING change per claim and chain.
create table payout_address_change (
    id               uuid        primary key,
    claim_id         uuid        not null references claim (id),
    chain_id         bigint      not null check (chain_id > 0),
    previous_address varchar(42) not null,
    address          varchar(42) not null,
    state            varchar(16) not null,
    requested_at     timestamptz not null,
    effective_at     timestamptz not null,
    decided_at       timestamptz,
    constraint payout_address_change_state_known check (state in ('PENDING', 'CANCELLED', 'EFFECTIVE')),
    constraint payout_address_change_waits check (effective_at >= requested_at),
    constraint payout_address_change_changes check (lower(previous_address) <> lower(address)),
    constraint payout_address_change_decided check ((state = 'PENDING') = (decided_at is null))
);
create unique index payout_address_change_one_pending on payout_address_change (claim_id, chain_id)
    where state = 'PENDING';
create index payout_address_change_due on payout_address_change (effective_at, id) where state = 'PENDING';
create index payout_address_change_by_claim on payout_address_change (claim_id, requested_at);
create index payout_address_change_by_state on payout_address_change (state, effective_at, id);
