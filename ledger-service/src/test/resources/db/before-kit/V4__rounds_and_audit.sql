-- Distribution rounds (proposed by one person, decided by another), the entitlements they issue,
-- and the append-only, hash-chained audit log.

create table distribution_round (
    id               uuid          primary key,
    incident_id      uuid          not null references incident (id),
    number           integer       not null check (number > 0),
    state            varchar(16)   not null,
    note             varchar(1000) not null,
    idempotency_key  varchar(200)  not null unique,
    plan_digest      char(64)      not null,
    proposed_by      varchar(255)  not null,
    proposed_at      timestamptz   not null,
    decided_by       varchar(255),
    decided_at       timestamptz,
    decision_reason  varchar(1000),
    constraint distribution_round_state_known check (state in ('PROPOSED', 'APPROVED', 'REJECTED')),
    constraint distribution_round_decided check ((state = 'PROPOSED') = (decided_by is null and decided_at is null)),
    -- Maker and checker are different people, whatever the application does.
    constraint distribution_round_four_eyes check (decided_by is null or decided_by <> proposed_by),
    unique (incident_id, number)
);
-- At most one round of an incident waits for a decision.
create unique index distribution_round_open_uq on distribution_round (incident_id) where state = 'PROPOSED';
create index distribution_round_incident_idx on distribution_round (incident_id, number desc);

-- The plan of a round per asset, fixed at proposal.
create table round_asset (
    round_id               uuid          not null references distribution_round (id),
    asset                  varchar(16)   not null,
    distributable          numeric(78,0) not null check (distributable >= 0),
    outstanding            numeric(78,0) not null check (outstanding >= 0),
    convenience_threshold  numeric(78,0) check (convenience_threshold > 0),
    entitled               numeric(78,0) not null check (entitled >= 0),
    dust                   numeric(78,0) not null check (dust >= 0),
    lines                  bigint        not null check (lines >= 0),
    lines_in_full          bigint        not null check (lines_in_full >= 0 and lines_in_full <= lines),
    position               integer       not null,
    primary key (round_id, asset),
    constraint round_asset_within_coverage check (entitled + dust = least(distributable, outstanding))
);

-- One line's share in one approved round; paid grows with settlements up to the amount.
create table entitlement (
    id           uuid          primary key,
    round_id     uuid          not null references distribution_round (id),
    line_id      uuid          not null references claim_line (line_id),
    incident_id  uuid          not null,
    asset        varchar(16)   not null,
    amount       numeric(78,0) not null check (amount > 0),
    paid         numeric(78,0) not null default 0,
    constraint entitlement_paid_within_amount check (paid >= 0 and paid <= amount),
    unique (round_id, line_id)
);
create index entitlement_round_idx on entitlement (round_id, id);
create index entitlement_line_idx on entitlement (line_id);
create index entitlement_incident_idx on entitlement (incident_id, asset);

create function entitlement_refuse_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or (new.id, new.round_id, new.line_id, new.incident_id, new.asset, new.amount)
        is distinct from (old.id, old.round_id, old.line_id, old.incident_id, old.asset, old.amount)
        or new.paid < old.paid then
        raise exception '% of entitlement % refused: only paid may grow', tg_op, old.id
            using errcode = 'restrict_violation';
    end if;
    return new;
end $$;
create trigger entitlement_append_only before update or delete on entitlement
    for each row execute function entitlement_refuse_change();

-- The audit log. Each entry's hash covers its content and the previous entry's hash
-- (dev.restitution.ledger.audit.domain.AuditChain); before/after are JSON text exactly as hashed.
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

create trigger audit_entry_immutable before update or delete on audit_entry
    for each row execute function ledger_refuse_change();
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function ledger_refuse_change();

-- The chain's head: one row, locked by every append, so entries get consecutive numbers in commit order.
create table audit_chain_head (
    singleton  boolean  primary key default true check (singleton),
    sequence   bigint   not null check (sequence >= 0),
    hash       char(64) not null
);
insert into audit_chain_head (singleton, sequence, hash) values (true, 0, repeat('0', 64));
