-- Where an incident's recovered funds are sent, per chain (declared with the incident), and what the chain
-- said about each on-chain recovery and each declared token (asked of payout-service, which owns chain access).

create table incident_recovery_address (
    incident_id  uuid      not null references incident (id),
    chain_id     bigint    not null check (chain_id > 0),
    address      char(42)  not null,
    position     integer   not null,
    primary key (incident_id, position)
);
create unique index incident_recovery_address_uq on incident_recovery_address (incident_id, chain_id, lower(address));

-- One row per RECOVERED_ON_CHAIN transfer (transfer_id) or per declared token (asset). Balances never depend
-- on it: a status is what the chain said, not a booking.
create table chain_verification (
    id               uuid           primary key,
    incident_id      uuid           not null references incident (id),
    asset            varchar(16)    not null,
    subject          varchar(16)    not null,
    transfer_id      uuid           unique references ledger_transfer (id),
    status           varchar(16)    not null,
    detail           varchar(4000)  not null,
    attempts         integer        not null default 0 check (attempts >= 0),
    -- When the ledger asks payout-service next; null once the status will not change by itself.
    next_attempt_at  timestamptz,
    checked_at       timestamptz,
    created_at       timestamptz    not null,
    foreign key (incident_id, asset) references incident_asset (incident_id, symbol),
    constraint chain_verification_subject_known check (subject in ('RECOVERY', 'TOKEN')),
    constraint chain_verification_status_known check (status in ('UNVERIFIED', 'VERIFIED', 'MISMATCH')),
    constraint chain_verification_recovery_names_transfer check ((subject = 'RECOVERY') = (transfer_id is not null)),
    -- Only UNVERIFIED waits for another attempt.
    constraint chain_verification_final_unless_unverified check (status = 'UNVERIFIED' or next_attempt_at is null)
);
create unique index chain_verification_token_uq on chain_verification (incident_id, asset) where subject = 'TOKEN';
create index chain_verification_incident_idx on chain_verification (incident_id, asset);
create index chain_verification_due_idx on chain_verification (next_attempt_at) where next_attempt_at is not null;

-- What was declared and booked before verification existed: tokens are asked about like new ones; recoveries have no
-- recovery address to be compared with, so they are listed as UNVERIFIED for good instead of silently missing.
insert into chain_verification (id, incident_id, asset, subject, transfer_id, status, detail, attempts, next_attempt_at,
                                checked_at, created_at)
select gen_random_uuid(), incident_id, symbol, 'TOKEN', null, 'UNVERIFIED', 'waiting to ask payout-service', 0, now(),
       null, now()
from incident_asset where token_contract is not null;
insert into chain_verification (id, incident_id, asset, subject, transfer_id, status, detail, attempts, next_attempt_at,
                                checked_at, created_at)
select gen_random_uuid(), incident_id, asset, 'RECOVERY', id, 'UNVERIFIED',
       'booked before on-chain verification existed: the incident declares no recovery address to compare it with',
       0, null, null, booked_at
from ledger_transfer where reason_code = 'RECOVERED_ON_CHAIN';
