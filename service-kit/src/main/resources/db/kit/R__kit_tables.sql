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
-- The W3C traceparent current when the row was written (TraceParent.current()), absent outside any span: the relay
-- publishes the event in that trace, so its consumers continue the request that caused it.
alter table outbox_event add column if not exists trace_parent text
    check (trace_parent ~ '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');

-- Idempotent consumer: an event id is recorded in the same transaction as its effect.
create table if not exists processed_event (
    event_id      uuid primary key,
    event_type    varchar(200)  not null,
    processed_at  timestamptz   not null
);

-- The audit log. Each entry's hash covers its content and the previous entry's hash in its chain (AuditChain);
-- before and after are JSON text exactly as hashed. A log holds one chain per chain key: ledger- and
-- payout-service write the one service-wide chain 'service', whose entries' place in the chain is their sequence
-- (chain_sequence absent); claims-service one chain per claim (key: the claim id), each entry with its place in
-- its chain and a sequence in the log from audit_entry_keyed_sequence (the order of writing, what readers page on).
-- Version 1 entries keep the actor as the one text they were hashed over; versions 2 and 4 keep subject id and
-- user name in their own columns; version 3 (claims-service's entries of before subject ids) the user name alone.
-- Versions 3 and 4 are claims-service's own per-claim forms before this library: moved here as they were hashed.
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
    chain_key         varchar(200)   not null default 'service',
    chain_sequence    bigint         check (chain_sequence > 0)
);
create index if not exists audit_entry_subject_idx on audit_entry (subject_type, subject_id, sequence);
-- Logs of before chain keys were one service-wide chain: the default names it (adding a column with a constant
-- default rewrites no row, so the append-only trigger is not involved).
alter table audit_entry add column if not exists chain_key varchar(200) not null default 'service';
alter table audit_entry add column if not exists chain_sequence bigint check (chain_sequence > 0);
create unique index if not exists audit_entry_chain_idx on audit_entry (chain_key, (coalesce(chain_sequence, sequence)));
alter table audit_entry drop constraint if exists audit_entry_chain_shape;
alter table audit_entry add constraint audit_entry_chain_shape check ((chain_key = 'service') = (chain_sequence is null));
alter table audit_entry drop constraint if exists audit_entry_actor_shape;
alter table audit_entry add constraint audit_entry_actor_shape check (
    (version = 1 and actor is not null and actor_subject_id is null and actor_username is null)
    or (version in (2, 4) and actor is null and actor_subject_id is not null and actor_username is not null)
    or (version = 3 and actor is null and actor_subject_id is null and actor_username is not null));
-- Sequences in the log of entries of keyed chains, which take no lock of a head (no gaps promised).
-- The trace id of the span current when the entry was written (32 hex), absent outside any span; not hashed: it
-- says where to look in the traces, not what happened.
alter table audit_entry add column if not exists trace_id varchar(32) check (trace_id ~ '^[0-9a-f]{32}$');
create sequence if not exists audit_entry_keyed_sequence;

create or replace function kit_audit_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% on % refused: the audit log is append-only', tg_op, tg_table_name
        using errcode = 'restrict_violation';
end $$;
create or replace trigger audit_entry_immutable before update or delete on audit_entry
    for each row execute function kit_audit_refuse_change();
create or replace trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function kit_audit_refuse_change();

-- The service-wide chain's head: one row, locked by every append, so entries get consecutive numbers in commit order.
create table if not exists audit_chain_head (
    singleton  boolean  primary key default true check (singleton),
    sequence   bigint   not null check (sequence >= 0),
    hash       char(64) not null
);
insert into audit_chain_head (singleton, sequence, hash) values (true, 0, repeat('0', 64)) on conflict do nothing;

-- Replays of parked (dead-letter) records (dev.restitution.kit.deadletter): one row per record replayed, written in
-- the transaction of the replayed effect and its audit entry; the key refuses a second replay of the same record.
create table if not exists dead_letter_replay (
    topic               varchar(249)  not null,
    topic_partition     integer       not null check (topic_partition >= 0),
    record_offset       bigint        not null check (record_offset >= 0),
    replayed_at         timestamptz   not null,
    actor_subject_id    varchar(255)  not null,
    actor_username      varchar(255)  not null,
    reason              varchar(2000) not null,
    primary key (topic, topic_partition, record_offset)
);
-- A replay is a record of what was done to money-moving events: like the audit log, never rewritten or removed.
create or replace function kit_replay_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% on % refused: the replays of parked records are append-only', tg_op, tg_table_name
        using errcode = 'restrict_violation';
end $$;
create or replace trigger dead_letter_replay_immutable before update or delete on dead_letter_replay
    for each row execute function kit_replay_refuse_change();
create or replace trigger dead_letter_replay_no_truncate before truncate on dead_letter_replay
    for each statement execute function kit_replay_refuse_change();
