-- Events leave only through this table (written in the transaction of the change they announce) and
-- are published by the shared outbox relay.
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

-- The idempotent consumer's memory: an event id is recorded in the transaction of its effect.
create table processed_event (
    event_id      uuid primary key,
    event_type    varchar(200)  not null,
    processed_at  timestamptz   not null
);

-- The audit log of every state change of a payout instruction, a batch or the denylist. Each entry's
-- hash covers its content and the previous entry's hash (dev.restitution.payout.audit.domain.AuditChain);
-- before/after are JSON text exactly as hashed.
create table audit_entry (
    sequence       bigint         primary key check (sequence > 0),
    occurred_at    timestamptz    not null,
    actor          varchar(300)   not null,
    action         varchar(64)    not null,
    subject_type   varchar(64)    not null,
    subject_id     varchar(200)   not null,
    before_state   text,
    after_state    text,
    reason         varchar(2000)  not null,
    previous_hash  char(64)       not null,
    hash           char(64)       not null unique
);
create index audit_entry_subject_idx on audit_entry (subject_type, subject_id, sequence);

create function payout_audit_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% on % refused: the audit log is append-only', tg_op, tg_table_name
        using errcode = 'restrict_violation';
end $$;
create trigger audit_entry_immutable before update or delete on audit_entry
    for each row execute function payout_audit_refuse_change();
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function payout_audit_refuse_change();

-- The chain's head: one row, locked by every append, so entries get consecutive numbers in commit order.
create table audit_chain_head (
    singleton  boolean  primary key default true check (singleton),
    sequence   bigint   not null check (sequence >= 0),
    hash       char(64) not null
);
insert into audit_chain_head (singleton, sequence, hash) values (true, 0, repeat('0', 64));
