-- Each claim's audit entries form a hash chain: entry n covers its content and entry n-1's hash
-- (dev.restitution.claims.claim.domain.ClaimAuditChain), so a changed, removed or reordered entry shows.
-- (V2's table is empty wherever this runs: nothing wrote to it before this migration shipped.)
alter table claim_audit add column sequence integer not null check (sequence > 0);
alter table claim_audit add column previous_hash char(64) not null;
alter table claim_audit add column hash char(64) not null;
alter table claim_audit add constraint claim_audit_sequence_uq unique (claim_id, sequence);
