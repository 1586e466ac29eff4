-- Payout batches: a batch is frozen by the hash over its items; approvals name that hash.
create table payout_batch (
    id               uuid primary key,
    incident_id      uuid          not null,
    chain_id         bigint        not null check (chain_id > 0),
    asset_symbol     varchar(16)   not null,
    state            varchar(16)   not null,
    item_count       integer       not null check (item_count > 0),
    total_minor_units numeric(78, 0) not null check (total_minor_units > 0),
    items_hash       char(66)      not null,
    proposed_by      varchar(255)  not null,
    proposed_at      timestamptz   not null,
    constraint payout_batch_state_known check (state in
        ('PROPOSED', 'APPROVED', 'EXECUTING', 'SETTLED', 'FAILED', 'VOIDED'))
);
create index payout_batch_proposed_idx on payout_batch (proposed_at desc, id);
