-- Sealed snapshots as learnt from the ledger's SnapshotSealed events: a claim opens only against one.
create table sealed_snapshot (
    incident_id   uuid primary key references incident (id),
    import_id     uuid          not null,
    merkle_root   char(66)      not null,
    sealed_at     timestamptz   not null,
    learnt_at     timestamptz   not null
);

-- One claim per account and incident.
create table claim (
    id            uuid primary key,
    incident_id   uuid          not null references sealed_snapshot (incident_id),
    account_id    varchar(128)  not null,
    status        varchar(20)   not null check (status in ('DRAFT', 'SUBMITTED', 'APPROVED')),
    opened_at     timestamptz   not null,
    submitted_at  timestamptz,
    approved_at   timestamptz,
    version       bigint        not null,
    constraint claim_account_incident_uq unique (account_id, incident_id)
);

create table claim_line (
    id                uuid primary key,
    claim_id          uuid          not null references claim (id),
    asset             varchar(16)   not null,
    chain_id          bigint        not null,
    decimals          integer       not null,
    snapshot_amount   numeric(78,0) not null check (snapshot_amount > 0),
    status            varchar(20)   not null check (status in ('PENDING', 'ACCEPTED')),
    approved_amount   numeric(78,0) check (approved_amount > 0 and approved_amount <= snapshot_amount),
    position          integer       not null,
    constraint claim_line_asset_uq unique (claim_id, asset)
);

-- The proven payout address of one chain of a claim (a later proof replaces it while DRAFT).
create table payout_address (
    claim_id      uuid          not null references claim (id),
    chain_id      bigint        not null,
    address       char(42)      not null,
    proven_at     timestamptz   not null,
    primary key (claim_id, chain_id)
);

-- Every accepted EIP-712 proof; its nonce is used once per account.
create table address_proof (
    id            uuid primary key,
    claim_id      uuid          not null references claim (id),
    account_id    varchar(128)  not null,
    chain_id      bigint        not null,
    address       char(42)      not null,
    nonce         numeric(78,0) not null,
    expiry        bigint        not null,
    signature     char(132)     not null,
    accepted_at   timestamptz   not null,
    constraint address_proof_nonce_uq unique (account_id, nonce)
);

-- Idempotency keys of claim commands: the same key (per account) acts once and answers the same claim.
create table idempotency_key (
    account_id    varchar(128)  not null,
    idempotency_key varchar(128) not null,
    operation     varchar(40)   not null,
    claim_id      uuid          not null references claim (id),
    status_code   integer       not null,
    created_at    timestamptz   not null,
    primary key (account_id, idempotency_key)
);

-- Addresses an incident never pays; addresses are stored lowercase so a checksum variant cannot slip by.
create table denylist_entry (
    incident_id   uuid          not null references incident (id),
    address       char(42)      not null,
    reason        varchar(500)  not null,
    added_by      varchar(255)  not null,
    added_at      timestamptz   not null,
    primary key (incident_id, address)
);

-- Every refused attempt to use a denylisted address.
create table denylist_hit (
    id            uuid primary key,
    incident_id   uuid          not null,
    claim_id      uuid          not null,
    account_id    varchar(128)  not null,
    address       char(42)      not null,
    attempted_by  varchar(255)  not null,
    attempted_at  timestamptz   not null
);

-- The KYC provider's latest attestation per account.
create table kyc_attestation (
    account_id    varchar(128) primary key,
    status        varchar(20)   not null check (status in ('VERIFIED', 'REJECTED')),
    reference     varchar(200)  not null,
    attested_by   varchar(255)  not null,
    attested_at   timestamptz   not null
);

-- Append-only record of every state change of a claim: who, when, what, before and after.
create table claim_audit (
    id            bigint generated always as identity primary key,
    claim_id      uuid          not null,
    actor         varchar(255)  not null,
    at            timestamptz   not null,
    action        varchar(60)   not null,
    before_state  text,
    after_state   text          not null
);
create index claim_audit_claim_idx on claim_audit (claim_id, id);

create function claim_audit_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'claim_audit is append-only: % refused', tg_op;
end;
$$;
create trigger claim_audit_append_only before update or delete or truncate on claim_audit
    for each statement execute function claim_audit_is_append_only();

-- Transactional outbox (written in the same transaction as the state change; a relay publishes).
create table outbox_event (
    id            uuid primary key,
    topic         varchar(200)  not null,
    message_key   varchar(200)  not null,
    event_type    varchar(200)  not null,
    payload       text          not null,
    created_at    timestamptz   not null,
    published_at  timestamptz
);
create index outbox_event_unpublished_idx on outbox_event (created_at, id) where published_at is null;
