-- The recovery ledger: double-entry accounts per incident and asset (chart and sign conventions in
-- dev.restitution.ledger.recovery.domain.AccountType), immutable transfers between them, the claim
-- lines whose approval books liabilities, and the consumer's record of processed events.

create table ledger_account (
    incident_id   uuid          not null,
    asset         varchar(16)   not null,
    account_type  varchar(32)   not null,
    debits        numeric(78,0) not null default 0 check (debits >= 0),
    credits       numeric(78,0) not null default 0 check (credits >= 0),
    primary key (incident_id, asset, account_type),
    foreign key (incident_id, asset) references incident_asset (incident_id, symbol),
    constraint ledger_account_type_known check (account_type in ('LOSS', 'FROZEN', 'RELEASED', 'RECOVERED',
        'TREASURY', 'INSURANCE', 'AVAILABLE', 'CLAIM_LIABILITIES', 'ENTITLEMENTS', 'PAID', 'DUST')),
    -- No balance of this chart is ever negative on its normal side.
    constraint ledger_account_balance_not_negative check (case
        when account_type in ('LOSS', 'FROZEN', 'AVAILABLE', 'ENTITLEMENTS', 'PAID', 'DUST') then debits >= credits
        else credits >= debits end)
);

create table ledger_transfer (
    id                    uuid          primary key,
    -- Booking order, for paging and for replaying the journal.
    position              bigint        generated always as identity unique,
    incident_id           uuid          not null,
    asset                 varchar(16)   not null,
    debit_account         varchar(32)   not null,
    credit_account        varchar(32)   not null,
    amount                numeric(78,0) not null check (amount > 0),
    reason_code           varchar(32)   not null,
    reason                varchar(1000) not null,
    tx_hash               varchar(66),
    counterparty          varchar(200),
    reference_id          uuid,
    corrects_transfer_id  uuid          references ledger_transfer (id),
    idempotency_key       varchar(200)  not null,
    booked_by             varchar(300)  not null,
    booked_at             timestamptz   not null,
    -- The same key books once, whoever sends it how often.
    constraint ledger_transfer_idempotency_key_uq unique (idempotency_key),
    constraint ledger_transfer_balanced check (debit_account <> credit_account),
    foreign key (incident_id, asset, debit_account) references ledger_account (incident_id, asset, account_type),
    foreign key (incident_id, asset, credit_account) references ledger_account (incident_id, asset, account_type)
);
create index ledger_transfer_incident_idx on ledger_transfer (incident_id, position);
create index ledger_transfer_incident_asset_idx on ledger_transfer (incident_id, asset, position);
create index ledger_transfer_corrects_idx on ledger_transfer (corrects_transfer_id) where corrects_transfer_id is not null;

-- Transfers are facts: never changed, never removed. Corrections are new transfers.
create function ledger_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% on % refused: the recovery ledger is append-only', tg_op, tg_table_name
        using errcode = 'restrict_violation';
end $$;
create trigger ledger_transfer_immutable before update or delete on ledger_transfer
    for each row execute function ledger_refuse_change();
create trigger ledger_transfer_no_truncate before truncate on ledger_transfer
    for each statement execute function ledger_refuse_change();

-- Claim lines as approved by claims-service (ClaimApproved); entitled and paid grow with rounds
-- and settlements and never pass what was approved.
create table claim_line (
    line_id         uuid          primary key,
    claim_id        uuid          not null,
    incident_id     uuid          not null,
    account_id      varchar(128)  not null,
    asset           varchar(16)   not null,
    approved        numeric(78,0) not null check (approved > 0),
    entitled        numeric(78,0) not null default 0,
    paid            numeric(78,0) not null default 0,
    payout_address  char(42)      not null,
    approved_at     timestamptz   not null,
    event_id        uuid          not null,
    foreign key (incident_id, asset) references incident_asset (incident_id, symbol),
    constraint claim_line_paid_within_entitled check (paid >= 0 and paid <= entitled),
    constraint claim_line_entitled_within_approved check (entitled >= 0 and entitled <= approved)
);
create index claim_line_claim_idx on claim_line (claim_id);
-- The open lines of an asset, in the order a round visits them.
create index claim_line_open_idx on claim_line (incident_id, asset, line_id) where entitled < approved;

-- Only the running totals of a line change, and only upwards.
create function claim_line_refuse_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or (new.line_id, new.claim_id, new.incident_id, new.account_id, new.asset, new.approved,
            new.payout_address, new.approved_at, new.event_id)
        is distinct from (old.line_id, old.claim_id, old.incident_id, old.account_id, old.asset, old.approved,
            old.payout_address, old.approved_at, old.event_id)
        or new.entitled < old.entitled or new.paid < old.paid then
        raise exception '% of claim line % refused: only entitled and paid may grow', tg_op, old.line_id
            using errcode = 'restrict_violation';
    end if;
    return new;
end $$;
create trigger claim_line_append_only before update or delete on claim_line
    for each row execute function claim_line_refuse_change();

-- Idempotent consumer: an event id is recorded in the same transaction as its effect.
create table processed_event (
    event_id      uuid primary key,
    event_type    varchar(200)  not null,
    processed_at  timestamptz   not null
);
