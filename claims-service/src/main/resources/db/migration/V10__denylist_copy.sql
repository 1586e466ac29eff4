-- The denylist is payout-service's (it signs): an entry holds on one chain, for every incident or for one.
-- claims-service keeps a copy, fed by payout-service's DenylistChanged events (each applied once, recorded in
-- processed_event), and refuses a listed address when a claimant names it and before a claim is submitted or
-- approved. Addresses are stored lowercase so that a checksum variant cannot slip by.
--
-- The entries claims-service kept itself before (per incident, on every chain; its own API is gone) move into
-- the copy as INHERITED entries: they go on refusing their addresses on every chain of their incident, as
-- before. No event removes them; docs/operations.md says how to hand them to payout-service.
create table denylist_copy (
    chain_id      bigint        check (chain_id > 0),
    address       char(42)      not null check (address ~ '^0x[0-9a-f]{40}$'),
    incident_id   uuid,
    origin        varchar(10)   not null check (origin in ('PAYOUT', 'INHERITED')),
    reason        varchar(500)  not null,
    listed_at     timestamptz   not null,
    constraint denylist_copy_scope unique nulls not distinct (chain_id, address, incident_id),
    -- An inherited entry holds on every chain of its one incident; payout-service's entries name their chain.
    constraint denylist_copy_origin check (case origin when 'INHERITED' then chain_id is null and incident_id is not null
                                                      else chain_id is not null end)
);
create index denylist_copy_address_idx on denylist_copy (address);

insert into denylist_copy (chain_id, address, incident_id, origin, reason, listed_at)
    select null, lower(address), incident_id, 'INHERITED', reason, added_at from denylist_entry;

drop table denylist_entry;
