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

-- Denylist entries name who added them by subject id and user name, each in its column; entries added before hold
-- the actor as one text (`subject (user name)`) in added_by and no user name.
alter table payout_denylist_entry add column added_by_username varchar(255);
