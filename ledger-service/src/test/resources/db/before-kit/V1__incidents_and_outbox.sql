-- Incidents and their affected assets. Amounts elsewhere are numeric(78,0) minor units.
create table incident (
    id            uuid primary key,
    exchange      varchar(100)  not null,
    title         varchar(200)  not null,
    description   varchar(4000),
    cutoff_at     timestamptz   not null,
    state         varchar(32)   not null,
    declared_by   varchar(255)  not null,
    declared_at   timestamptz   not null,
    constraint incident_state_known check (state in
        ('DECLARED', 'SNAPSHOT_SEALED', 'CLAIMS_OPEN', 'CLAIMS_CLOSED', 'DISTRIBUTING', 'CLOSED'))
);
create index incident_cutoff_idx on incident (cutoff_at desc, id);

create table incident_asset (
    incident_id     uuid         not null references incident (id),
    symbol          varchar(16)  not null,
    chain_id        bigint       not null check (chain_id > 0),
    token_contract  char(42),
    decimals        integer      not null check (decimals between 0 and 36),
    position        integer      not null,
    primary key (incident_id, symbol)
);
-- One native coin per chain and one asset per token contract within an incident.
create unique index incident_asset_native_uq on incident_asset (incident_id, chain_id) where token_contract is null;
create unique index incident_asset_token_uq on incident_asset (incident_id, chain_id, lower(token_contract)) where token_contract is not null;

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
