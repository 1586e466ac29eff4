-- What a claimant needs to check an entitlement and its payment without trusting us: the round that issued it
-- (their entitlement proof is the ledger's per round), its CAIP-19 asset and the address it is to be paid to
-- (the verifier checks the payment's transaction pays that address). Both events that carry entitlements
-- (EntitlementIssued, EntitlementsIssued) always named round and address; rows learnt before this migration
-- did not keep them and stay without (the API then omits them).
alter table line_entitlement
    add column round_id       uuid,
    add column asset_id       varchar(179),
    add column payout_address varchar(42) check (payout_address ~ '^0x[0-9a-fA-F]{40}$');
