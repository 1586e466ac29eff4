-- The tables of service-kit, one copy for every service (quarkus.flyway.locations=db/migration,db/kit):
-- the transactional outbox (dev.restitution.kit.messaging.Outbox, published by OutboxRelay), the idempotent
-- consumer's record (ProcessedEvents) and the hash-chained audit log (dev.restitution.kit.audit).
--
-- Repeatable and idempotent: every statement creates only what is missing, so it runs cleanly on a new
-- database and on one a service's own versioned migrations built before the kit existed (ledger-service's
-- V1, V3, V4 and V7, claims-service's V1 and V2, payout-service's V11 and V25 wrote these tables out; they stay
-- as applied history, their checksums unchanged). A later change to a kit table is written here in the same
-- way (add a column if it is missing), never in a service's migrations. Flyway applies repeatables after the
-- versioned ones, ordered by description: this one runs before each service's R__service_role_privileges,
-- which grants the service role its data privileges on these tables and revokes update and delete on
-- audit_entry.

-- Transactional outbox: written in the transaction of the change it announces; the relay publishes.
create table if not exists outbox_event (
    id            uuid primary key,
    topic         varchar(200)  not null,
    message_key   varchar(200)  not null,
    event_type    varchar(200)  not null,
    payload       text          not null,
    created_at    timestamptz   not null,
    published_at  timestamptz
);
create index if not exists outbox_event_unpublished_idx on outbox_event (created_at, id) where published_at is null;

-- Idempotent consumer: an event id is recorded in the same transaction as its effect.
create table if not exists processed_event (
    event_id      uuid primary key,
    event_type    varchar(200)  not null,
    processed_at  timestamptz   not null
);

-- The audit log. Each entry's hash covers its content and the previous entry's hash (AuditChain); before and
-- after are JSON text exactly as hashed. Version 1 entries keep the actor as the one text they were hashed over;
-- version 2 entries keep subject id and user name in their own columns.
create table if not exists audit_entry (
    sequence          bigint         primary key check (sequence > 0),
    occurred_at       timestamptz    not null,
    actor             varchar(300),
    action            varchar(64)    not null,
    subject_type      varchar(64)    not null,
    subject_id        varchar(200)   not null,
    before_state      text,
    after_state       text,
    reason            varchar(2000)  not null,
    previous_hash     char(64)       not null,
    hash              char(64)       not null unique,
    version           smallint       not null,
    actor_subject_id  varchar(255),
    actor_username    varchar(255),
    constraint audit_entry_actor_shape check (
        (version = 1 and actor is not null and actor_subject_id is null and actor_username is null)
        or (version = 2 and actor is null and actor_subject_id is not null and actor_username is not null))
);
create index if not exists audit_entry_subject_idx on audit_entry (subject_type, subject_id, sequence);

create or replace function kit_audit_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% on % refused: the audit log is append-only', tg_op, tg_table_name
        using errcode = 'restrict_violation';
end $$;
create or replace trigger audit_entry_immutable before update or delete on audit_entry
    for each row execute function kit_audit_refuse_change();
create or replace trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function kit_audit_refuse_change();

-- The chain's head: one row, locked by every append, so entries get consecutive numbers in commit order.
create table if not exists audit_chain_head (
    singleton  boolean  primary key default true check (singleton),
    sequence   bigint   not null check (sequence >= 0),
    hash       char(64) not null
);
insert into audit_chain_head (singleton, sequence, hash) values (true, 0, repeat('0', 64)) on conflict do nothing;
