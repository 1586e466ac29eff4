-- The role ledger-service connects as (${service_role}, the datasource user) owns nothing: these
-- migrations run as the database's owner, who owns every table, so the service role can neither alter
-- nor drop a table nor disable the triggers that keep sealed snapshots, transfers, entitlements and audit
-- entries immutable. It gets the data privileges it needs, on tables created later too (default
-- privileges of the owner), and the few schema changes a snapshot import makes through the functions
-- below, which run as the owner and refuse to touch a sealed import.
-- Repeatable: applied after the versioned migrations, again whenever this file changes. Every table a grant or revoke
-- names is qualified with public, the service's schema, so that a run in another schema (a migration test's) leaves
-- the service's privileges as they are.

revoke create on schema public from public;
grant usage on schema public to ${service_role};
grant select, insert, update, delete on all tables in schema public to ${service_role};
grant usage, select on all sequences in schema public to ${service_role};
alter default privileges in schema public grant select, insert, update, delete on tables to ${service_role};
alter default privileges in schema public grant usage, select on sequences to ${service_role};
revoke all on table public.${flyway:table} from ${service_role};
-- Append-only tables: their triggers refuse updates and deletes; the service role lacks the privileges too.
revoke update, delete on public.ledger_transfer, public.audit_entry, public.onchain_commitment, public.dead_letter_replay from ${service_role};

-- A snapshot import copies its rows into a table of its own, indexes it, and attaches it as the import's
-- partition of snapshot_row; sealing forbids further inserts and truncation of that partition.
create or replace function snapshot_partition_name(import_id uuid) returns text
    language sql immutable as $$ select 'snapshot_row_' || replace(import_id::text, '-', '') $$;

create or replace function snapshot_partition_create(import_id uuid) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
declare
    partition text := snapshot_partition_name(import_id);
begin
    execute format('create table %I (like snapshot_row including defaults including constraints)', partition);
    execute format('alter table %I alter column import_id set default %L', partition, import_id);
    execute format('alter table %I add constraint %I check (import_id = %L)', partition, partition || '_import', import_id);
end $$;

create or replace function snapshot_partition_index(import_id uuid) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
declare
    partition text := snapshot_partition_name(import_id);
begin
    execute format('create unique index %I on %I (account_id, asset)', partition || '_account', partition);
end $$;

create or replace function snapshot_partition_attach(import_id uuid) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
begin
    execute format('alter table snapshot_row attach partition %I for values in (%L)',
        snapshot_partition_name(import_id), import_id);
end $$;

-- Only a LOADED import's rows are dropped (when a newer import supersedes it); never a sealed one's.
create or replace function snapshot_partition_drop_loaded(import_id uuid) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
begin
    if not exists (select 1 from snapshot_import where id = import_id and state = 'LOADED') then
        raise exception 'snapshot import % is not LOADED: its rows are not dropped', import_id
            using errcode = 'restrict_violation';
    end if;
    execute format('drop table if exists %I', snapshot_partition_name(import_id));
end $$;

create or replace function snapshot_partition_seal(import_id uuid) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
declare
    partition text := snapshot_partition_name(import_id);
begin
    if not exists (select 1 from snapshot_import where id = import_id and state = 'SEALED') then
        raise exception 'snapshot import % is not SEALED', import_id using errcode = 'restrict_violation';
    end if;
    execute format('alter table %I add constraint %I check (false) not valid', partition, partition || '_sealed');
    execute format('create trigger %I before truncate on %I for each statement execute function '
        'snapshot_refuse_truncate_when_sealed()', partition || '_no_truncate', partition);
end $$;

revoke all on function snapshot_partition_create(uuid), snapshot_partition_index(uuid), snapshot_partition_attach(uuid),
    snapshot_partition_drop_loaded(uuid), snapshot_partition_seal(uuid) from public;
grant execute on function snapshot_partition_create(uuid), snapshot_partition_index(uuid), snapshot_partition_attach(uuid),
    snapshot_partition_drop_loaded(uuid), snapshot_partition_seal(uuid) to ${service_role};
