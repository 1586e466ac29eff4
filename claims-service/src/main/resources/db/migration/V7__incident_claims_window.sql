-- The incident's state as the ledger announces it (IncidentStateChanged) and, while claims are open,
-- the bar date: claims open only while CLAIMS_OPEN and before claims_deadline, unless admitted late.
alter table incident add column state varchar(20) not null default 'DECLARED' check (state in ('DECLARED',
    'SNAPSHOT_SEALED', 'CLAIMS_OPEN', 'CLAIMS_CLOSED', 'DISTRIBUTING', 'CLOSED'));
alter table incident add column claims_deadline timestamptz;
alter table incident add column state_changed_at timestamptz;
update incident set state = 'SNAPSHOT_SEALED' where id in (select incident_id from sealed_snapshot);
