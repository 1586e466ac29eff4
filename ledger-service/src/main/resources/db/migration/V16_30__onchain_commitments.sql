-- Where a root this ledger published was committed on-chain (issue 16): payout-service commits a sealed
-- snapshot's Merkle root and each approved round's entitlement root to the CommitmentRegistry contract and
-- reports each confirmed commitment with CommitmentPublished. One row per commitment, written once, for the
-- snapshot import (kind SNAPSHOT) or the round (kind ROUND) whose root it carries; the consumer stores it only
-- when the committed root equals the root kept here (anything else would be a split view and is parked).
create table onchain_commitment (
    commitment_id      bytea       primary key constraint onchain_commitment_id_is_hash check (octet_length(commitment_id) = 32),
    kind               varchar(8)  not null constraint onchain_commitment_kind_known check (kind in ('SNAPSHOT', 'ROUND')),
    incident_id        uuid        not null references incident (id),
    snapshot_import_id uuid        references snapshot_import (id),
    round_id           uuid        references distribution_round (id),
    root               bytea       not null constraint onchain_commitment_root_is_hash check (octet_length(root) = 32),
    chain_id           bigint      not null constraint onchain_commitment_chain_positive check (chain_id > 0),
    contract           char(42)    not null constraint onchain_commitment_contract_lowercase check (contract ~ '^0x[0-9a-f]{40}$'),
    tx_hash            char(66)    not null constraint onchain_commitment_tx_lowercase check (tx_hash ~ '^0x[0-9a-f]{64}$'),
    block_number       bigint      not null constraint onchain_commitment_block_not_negative check (block_number >= 0),
    published_at       timestamptz not null,
    recorded_at        timestamptz not null,
    source_event_id    uuid        not null,
    constraint onchain_commitment_names_its_subject check (
        (kind = 'SNAPSHOT' and snapshot_import_id is not null and round_id is null)
        or (kind = 'ROUND' and round_id is not null and snapshot_import_id is null))
);
-- One commitment per sealed snapshot and per round, whatever its commitment id.
create unique index onchain_commitment_snapshot_uq on onchain_commitment (snapshot_import_id) where kind = 'SNAPSHOT';
create unique index onchain_commitment_round_uq on onchain_commitment (round_id) where kind = 'ROUND';
create index onchain_commitment_incident_idx on onchain_commitment (incident_id);

create function onchain_commitment_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% of an on-chain commitment refused: what the chain recorded never changes', tg_op
        using errcode = 'restrict_violation';
end $$;
create trigger onchain_commitment_append_only before update or delete on onchain_commitment
    for each row execute function onchain_commitment_refuse_change();

-- The public rounds list reads a round's entitlements per asset.
create index entitlement_round_asset_idx on entitlement (round_id, asset);
