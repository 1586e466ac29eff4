-- claims-service's audit entries move into the kit's audit log (audit_entry, dev.restitution.kit.audit): one chain per
-- claim (a late admission's entry on the chain of its admission id), keyed by that id. Repeatable so that it runs
-- after the kit's R__kit_tables (descriptions order repeatables: "kit tables" first) has given audit_entry its chain
-- columns, and before R__service_role_privileges; it does its work once: while the table claim_audit of releases
-- before still exists. Every entry keeps the hash it was written with; its version names that form for the kit:
-- claims-service's version 1 (the user name alone) is the kit's 3, its version 2 (subject id and user name) the
-- kit's 4 (AuditChain). The columns those forms do not hash are filled as the kit reads them back: subject type
-- CLAIM (LATE_ADMISSION for a late admission), subject id the chain key, reason the action in words. Sequences in
-- the log follow the order the entries were written (claim_audit's id).
do $$
begin
    if to_regclass('claim_audit') is null then
        return;
    end if;
    insert into audit_entry (sequence, chain_key, chain_sequence, version, occurred_at, actor, actor_subject_id,
        actor_username, action, subject_type, subject_id, before_state, after_state, reason, previous_hash, hash)
    select (select coalesce(max(sequence), 0) from audit_entry) + row_number() over (order by id),
        claim_id::text, sequence, case version when 1 then 3 else 4 end, at, null, actor_subject_id, actor, action,
        case action when 'LATE_CLAIM_ADMITTED' then 'LATE_ADMISSION' else 'CLAIM' end, claim_id::text,
        before_state, after_state, lower(replace(action, '_', ' ')), previous_hash, hash
    from claim_audit;
    perform setval('audit_entry_keyed_sequence', greatest((select max(sequence) from audit_entry), 1),
        exists (select 1 from audit_entry));
    -- Its trigger function stays: claim_evidence's append-only trigger (V6) calls it too.
    drop table claim_audit;
end $$;
