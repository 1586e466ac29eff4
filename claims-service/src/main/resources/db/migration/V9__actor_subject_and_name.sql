-- Who did something is recorded in the one shape every service uses: subject id and user name. Until now
-- claims-service kept the user name only; each such column gets its subject id beside it. Rows written before
-- have none (null): they show the subject id as `unrecorded:<user name>` and maker-checker compares their user
-- names (dev.restitution.contracts.audit.Actor).
alter table claim add column assignee_subject_id varchar(255);
alter table claim add column proposed_by_subject_id varchar(255);
alter table claim add constraint claim_proposer_subject_named check (proposed_by_subject_id is null or proposed_by is not null);
alter table claim add constraint claim_assignee_subject_named check (assignee_subject_id is null or assignee is not null);
alter table claim_question add column asked_by_subject_id varchar(255);
alter table claim_comment add column author_subject_id varchar(255);
alter table late_admission add column admitted_by_subject_id varchar(255);
alter table claim_evidence add column uploaded_by_subject_id varchar(255);
alter table kyc_attestation add column attested_by_subject_id varchar(255);
alter table denylist_entry add column added_by_subject_id varchar(255);
alter table denylist_hit add column attempted_by_subject_id varchar(255);

-- The audit chain hashes the actor's subject id and user name as two fields from version 2 on
-- (dev.restitution.claims.claim.domain.ClaimAuditChain); entries written before hashed the user name alone,
-- are marked version 1 and keep verifying as written.
alter table claim_audit add column version smallint not null default 1;
alter table claim_audit add column actor_subject_id varchar(255);
alter table claim_audit alter column version drop default;
alter table claim_audit add constraint claim_audit_actor_shape check (
    (version = 1 and actor_subject_id is null) or (version = 2 and actor_subject_id is not null));
