-- A claimant's replaced payout address, learnt from claims-service's PayoutAddressChanged: WAITING until effective_at
-- (and a grace for a cancel on its way), then APPLIED (the claim's instructions of the chain pay the new address), or
-- CANCELLED (PayoutAddressChangeCancelled; the earlier address pays). While one WAITS, the claim's instructions of
-- that chain are WAITING_ADDRESS: no batch takes them.
create table payout_address_change (
    event_id         uuid        primary key,
    claim_id         uuid        not null,
    incident_id      uuid        not null,
    chain_id         bigint      not null check (chain_id > 0),
    previous_address varchar(42) not null,
    address          varchar(42) not null,
    effective_at     timestamptz not null,
    state            varchar(16) not null,
    received_at      timestamptz not null,
    decided_at       timestamptz,
    constraint payout_address_change_state_known check (state in ('WAITING', 'CANCELLED', 'APPLIED')),
    constraint payout_address_change_decided check ((state = 'WAITING') = (decided_at is null))
);
create unique index payout_address_change_one_waiting on payout_address_change (claim_id, chain_id)
    where state = 'WAITING';
create index payout_address_change_due on payout_address_change (effective_at, event_id) where state = 'WAITING';
create index payout_address_change_by_claim on payout_address_change (claim_id, chain_id, received_at);

alter table payout_instruction drop constraint payout_instruction_state_known;
alter table payout_instruction add constraint payout_instruction_state_known
    check (state in ('PENDING', 'BATCHED', 'PAID', 'FAILED', 'HELD_DENIED', 'WAITING_ADDRESS'));
create index payout_instruction_by_claim_chain on payout_instruction (claim_id, chain_id);
