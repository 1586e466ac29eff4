-- The bar date: set when an incident opens claims (it must then be in the future), kept afterwards.
alter table incident add column claims_deadline timestamptz;
-- An incident that has opened claims has a bar date. NOT VALID: incidents that opened claims before
-- bar dates existed keep their rows; every row written from now on is checked.
alter table incident add constraint incident_claims_open_has_deadline
    check (state in ('DECLARED', 'SNAPSHOT_SEALED') or claims_deadline is not null) not valid;
