-- Audit entries record their actor in the one shape every service uses: subject id and user name, each a
-- column of its own, hashed as two fields (version 2, dev.restitution.contracts.audit.AuditChain). Entries
-- written before keep their actor as the one text they were hashed over (`subject (user name)`, or the subject
-- alone when the token had no other name) and are marked version 1, so their hashes still verify.
alter table audit_entry
    add column version smallint not null default 1,
    add column actor_subject_id varchar(255),
    add column actor_username varchar(255),
    alter column actor drop not null;
alter table audit_entry alter column version drop default;
alter table audit_entry add constraint audit_entry_actor_shape check (
    (version = 1 and actor is not null and actor_subject_id is null and actor_username is null)
    or (version = 2 and actor is null and actor_subject_id is not null and actor_username is not null));

-- Who declared, moved, uploaded, sealed, proposed and decided: the subject id (what maker-checker compares) and,
-- from now on, the user name beside it. Rows written before have no user name (null) and show the subject id again.
alter table incident add column declared_by_username varchar(255);
alter table incident_transition add column changed_by_username varchar(255);
alter table snapshot_import add column uploaded_by_username varchar(255);
alter table snapshot_import add column sealed_by_username varchar(255);
alter table distribution_round add column proposed_by_username varchar(255);
alter table distribution_round add column decided_by_username varchar(255);
