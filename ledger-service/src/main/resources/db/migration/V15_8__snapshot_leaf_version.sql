-- Snapshot leaf format per import (contracts/docs/formats.md): 1 hashes the asset's symbol, 2 its
-- CAIP-19 id. Imports made before this migration were hashed in format 1 and keep it, so their
-- sealed roots and proofs stay valid; new imports write 2.
alter table snapshot_import add column leaf_version smallint not null default 1
    constraint snapshot_import_leaf_version_known check (leaf_version in (1, 2));
