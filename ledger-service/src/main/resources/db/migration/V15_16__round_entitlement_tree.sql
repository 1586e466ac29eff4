-- A round's entitlement tree (contracts/docs/formats.md, entitlement leaf format 1): built when the
-- round is approved, in the approval's transaction. The round keeps the root, the leaf format and the
-- leaf count; every entitlement keeps the cumulative amount its leaf holds (what its line is entitled
-- to in all, up to and including the round) and its leaf's rank among the sorted leaves; the tree's
-- nodes are kept in chunks as a sealed snapshot's are, so a proof reads only the nodes on its path.
-- Rounds approved before this migration have no tree: their root stays null.
alter table distribution_round
    add column entitlement_root bytea constraint distribution_round_root_is_hash check (octet_length(entitlement_root) = 32),
    add column entitlement_leaf_format smallint constraint distribution_round_leaf_format_known
        check (entitlement_leaf_format in (1)),
    add column entitlement_leaves bigint constraint distribution_round_leaves_positive check (entitlement_leaves > 0),
    add constraint distribution_round_tree_whole check (
        (entitlement_root is null) = (entitlement_leaf_format is null)
        and (entitlement_root is null) = (entitlement_leaves is null)),
    add constraint distribution_round_tree_when_approved check (entitlement_root is null or state = 'APPROVED');

alter table entitlement
    add column cumulative numeric(78,0) constraint entitlement_cumulative_covers_amount check (cumulative >= amount),
    add column leaf_rank integer constraint entitlement_leaf_rank_not_negative check (leaf_rank >= 0),
    add constraint entitlement_leaf_whole check ((cumulative is null) = (leaf_rank is null));

create table round_tree_chunk (
    round_id uuid    not null references distribution_round (id),
    chunk_no integer not null check (chunk_no >= 0),
    nodes    bytea   not null check (octet_length(nodes) between 32 and 32768 and octet_length(nodes) % 32 = 0),
    primary key (round_id, chunk_no)
);

create function round_tree_chunk_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% of a round tree chunk refused: a round''s tree never changes', tg_op
        using errcode = 'restrict_violation';
end $$;
create trigger round_tree_chunk_append_only before update or delete on round_tree_chunk
    for each row execute function round_tree_chunk_refuse_change();

-- Only paid may grow; the leaf (cumulative amount and rank) is written once, when the tree is built.
create or replace function entitlement_refuse_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or (new.id, new.round_id, new.line_id, new.incident_id, new.asset, new.amount)
        is distinct from (old.id, old.round_id, old.line_id, old.incident_id, old.asset, old.amount)
        or new.paid < old.paid
        or (old.cumulative is not null and new.cumulative is distinct from old.cumulative)
        or (old.leaf_rank is not null and new.leaf_rank is distinct from old.leaf_rank) then
        raise exception '% of entitlement % refused: only paid may grow, and the leaf is written once', tg_op, old.id
            using errcode = 'restrict_violation';
    end if;
    return new;
end $$;

-- A round's root is written once.
create function distribution_round_keep_root() returns trigger language plpgsql as $$
begin
    if old.entitlement_root is not null and (new.entitlement_root, new.entitlement_leaf_format, new.entitlement_leaves)
        is distinct from (old.entitlement_root, old.entitlement_leaf_format, old.entitlement_leaves) then
        raise exception 'the entitlement root of round % is written once', old.id using errcode = 'restrict_violation';
    end if;
    return new;
end $$;
create trigger distribution_round_root_once before update on distribution_round
    for each row execute function distribution_round_keep_root();

-- An account's entitlement proofs find its lines by account.
create index claim_line_account_idx on claim_line (incident_id, account_id);
