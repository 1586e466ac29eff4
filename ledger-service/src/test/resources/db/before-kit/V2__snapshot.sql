-- The breach snapshot: balances at cutoff imported from the exchange's core ledger, committed to by a
-- Merkle tree (OpenZeppelin StandardMerkleTree layout) and sealed. A sealed snapshot never changes:
-- the triggers below refuse it at the database level too, whatever the application does.

-- Who moved an incident from which state to which, when and why (append-only).
create table incident_transition (
    id             bigint generated always as identity primary key,
    incident_id    uuid          not null references incident (id),
    from_state     varchar(32)   not null,
    to_state       varchar(32)   not null,
    changed_by     varchar(255)  not null,
    changed_at     timestamptz   not null,
    reason         varchar(1000) not null
);
create index incident_transition_incident_idx on incident_transition (incident_id, id);

-- One upload of a balances file. RECEIVING while the file streams in (progress columns updated about
-- once a second), then LOADED (validated, tree built, rows visible), REJECTED (errors, nothing kept),
-- FAILED (interrupted), SUPERSEDED (replaced by a later upload before sealing) or SEALED.
create table snapshot_import (
    id               uuid primary key,
    incident_id      uuid          not null references incident (id),
    state            varchar(16)   not null,
    file_format      varchar(16)   not null,
    amount_format    varchar(16)   not null,
    gzip             boolean,
    uploaded_by      varchar(255)  not null,
    started_at       timestamptz   not null,
    updated_at       timestamptz   not null,
    finished_at      timestamptz,
    rows_read        bigint        not null default 0 check (rows_read >= 0),
    bytes_read       bigint        not null default 0 check (bytes_read >= 0),
    error_count      bigint        not null default 0 check (error_count >= 0),
    errors           jsonb,
    failure          varchar(1000),
    -- Set once LOADED: the Merkle root, the number of leaves and the per-import secret from which each
    -- row's salt is derived (never leaves the service except as one row's salt, to that row's owner).
    merkle_root      bytea         check (octet_length(merkle_root) = 32),
    row_count        bigint        check (row_count > 0),
    salt_secret      bytea         check (octet_length(salt_secret) = 32),
    sealed_by        varchar(255),
    sealed_at        timestamptz,
    constraint snapshot_import_state_known check (state in
        ('RECEIVING', 'LOADED', 'REJECTED', 'FAILED', 'SUPERSEDED', 'SEALED')),
    constraint snapshot_import_loaded_complete check (state not in ('LOADED', 'SEALED')
        or (merkle_root is not null and row_count is not null and salt_secret is not null)),
    constraint snapshot_import_sealed_complete check (state <> 'SEALED'
        or (sealed_by is not null and sealed_at is not null))
);
create index snapshot_import_incident_idx on snapshot_import (incident_id, started_at desc);
-- At most one import of an incident is visible (LOADED or SEALED) at a time.
create unique index snapshot_import_current_uq on snapshot_import (incident_id) where state in ('LOADED', 'SEALED');

-- The rows of every import, one partition per import (created by the import, attached when it is
-- LOADED, dropped when it is SUPERSEDED). row_no is the 0-based position in the file.
create table snapshot_row (
    import_id   uuid          not null,
    row_no      integer       not null check (row_no >= 0),
    account_id  varchar(128)  not null,
    asset       varchar(16)   not null,
    amount      numeric(78,0) not null check (amount >= 0)
) partition by list (import_id);

-- Per-asset totals of an import (the sum of its rows' amounts, exact).
create table snapshot_asset_total (
    import_id   uuid          not null references snapshot_import (id),
    asset       varchar(16)   not null,
    total       numeric(78,0) not null check (total >= 0),
    row_count   bigint        not null check (row_count > 0),
    primary key (import_id, asset)
);

-- The Merkle tree of an import, in StandardMerkleTree's array layout (root at 0, children of i at
-- 2i+1 and 2i+2, leaves sorted by hash at the end in reverse order), 32 bytes per node, cut into
-- chunks of a fixed number of nodes.
create table snapshot_tree_chunk (
    import_id   uuid     not null references snapshot_import (id),
    chunk_no    integer  not null check (chunk_no >= 0),
    nodes       bytea    not null,
    primary key (import_id, chunk_no)
);
-- Random hashes do not compress: store them as they are, and read slices without decompressing.
alter table snapshot_tree_chunk alter column nodes set storage external;

-- For each row (by row_no) the rank of its leaf among the sorted leaves, 4 bytes big-endian per row,
-- cut into chunks: how a row finds its leaf and proof.
create table snapshot_leaf_rank_chunk (
    import_id   uuid     not null references snapshot_import (id),
    chunk_no    integer  not null check (chunk_no >= 0),
    ranks       bytea    not null,
    primary key (import_id, chunk_no)
);
alter table snapshot_leaf_rank_chunk alter column ranks set storage external;

-- Database-level guard: nothing of a sealed import changes, whatever statement is run.
create function snapshot_refuse_sealed_change() returns trigger language plpgsql as $$
declare
    affected_import uuid;
begin
    if tg_op = 'DELETE' then
        affected_import := old.import_id;
    else
        affected_import := new.import_id;
    end if;
    if exists (select 1 from snapshot_import where id = affected_import and state = 'SEALED')
        or (tg_op = 'UPDATE' and exists (select 1 from snapshot_import where id = old.import_id and state = 'SEALED')) then
        raise exception 'snapshot import % is sealed: % on % refused', affected_import, tg_op, tg_table_name
            using errcode = 'restrict_violation';
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    return new;
end $$;

-- Rows: updates and deletes are checked per row (cloned to every partition); inserts into a sealed
-- partition are refused by a CHECK (false) constraint added when it is sealed, so loading stays fast.
create trigger snapshot_row_sealed before update or delete on snapshot_row
    for each row execute function snapshot_refuse_sealed_change();
create trigger snapshot_asset_total_sealed before insert or update or delete on snapshot_asset_total
    for each row execute function snapshot_refuse_sealed_change();
create trigger snapshot_tree_chunk_sealed before insert or update or delete on snapshot_tree_chunk
    for each row execute function snapshot_refuse_sealed_change();
create trigger snapshot_leaf_rank_chunk_sealed before insert or update or delete on snapshot_leaf_rank_chunk
    for each row execute function snapshot_refuse_sealed_change();

create function snapshot_refuse_truncate_when_sealed() returns trigger language plpgsql as $$
begin
    if exists (select 1 from snapshot_import where state = 'SEALED') then
        raise exception 'snapshot tables cannot be truncated while a sealed import exists (%)', tg_table_name
            using errcode = 'restrict_violation';
    end if;
    return null;
end $$;
create trigger snapshot_asset_total_no_truncate before truncate on snapshot_asset_total
    for each statement execute function snapshot_refuse_truncate_when_sealed();
create trigger snapshot_tree_chunk_no_truncate before truncate on snapshot_tree_chunk
    for each statement execute function snapshot_refuse_truncate_when_sealed();
create trigger snapshot_leaf_rank_chunk_no_truncate before truncate on snapshot_leaf_rank_chunk
    for each statement execute function snapshot_refuse_truncate_when_sealed();
create trigger snapshot_row_no_truncate before truncate on snapshot_row
    for each statement execute function snapshot_refuse_truncate_when_sealed();

-- The import row itself: once SEALED it is neither updated nor deleted.
create function snapshot_import_refuse_sealed_change() returns trigger language plpgsql as $$
begin
    if old.state = 'SEALED' then
        raise exception 'snapshot import % is sealed: % refused', old.id, tg_op
            using errcode = 'restrict_violation';
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    return new;
end $$;
create trigger snapshot_import_sealed before update or delete on snapshot_import
    for each row execute function snapshot_import_refuse_sealed_change();
create trigger snapshot_import_no_truncate before truncate on snapshot_import
    for each statement execute function snapshot_refuse_truncate_when_sealed();
