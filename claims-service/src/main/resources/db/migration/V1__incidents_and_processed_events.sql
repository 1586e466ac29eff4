-- Incidents as learnt from the ledger's IncidentDeclared events (the ledger owns them).
create table incident (
    id            uuid primary key,
    exchange      varchar(100)  not null,
    title         varchar(200)  not null,
    description   varchar(4000),
    cutoff_at     timestamptz   not null,
    learnt_at     timestamptz   not null
);
create index incident_cutoff_idx on incident (cutoff_at desc, id);

create table incident_asset (
    incident_id     uuid         not null references incident (id),
    symbol          varchar(16)  not null,
    chain_id        bigint       not null,
    token_contract  char(42),
    decimals        integer      not null,
    position        integer      not null,
    primary key (incident_id, symbol)
);

-- Idempotent consumer: an event id is recorded in the same transaction as its effect.
create table processed_event (
    event_id      uuid primary key,
    event_type    varchar(200)  not null,
    processed_at  timestamptz   not null
);
