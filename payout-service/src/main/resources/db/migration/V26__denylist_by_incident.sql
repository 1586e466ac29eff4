-- One denylist for the platform, kept here (payout-service signs). An entry holds on its chain for every
-- incident (incident_id null, as every entry before this migration does) or for one incident; the same
-- address may have one entry of each kind. Changes leave through the outbox (DenylistChanged) for
-- claims-service's copy.
alter table payout_denylist_entry add column incident_id uuid;
alter table payout_denylist_entry drop constraint payout_denylist_entry_pkey;
alter table payout_denylist_entry add constraint payout_denylist_entry_scope
    unique nulls not distinct (chain_id, address, incident_id);
