-- The role payout-service connects as (${service_role}, the datasource user) owns nothing: these
-- migrations run as the database's owner, who owns every table, so the service role can neither alter
-- nor drop a table nor disable the triggers that keep audit entries immutable. It gets the data
-- privileges it needs, on tables created later too (default privileges of the owner).
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
revoke update, delete on public.audit_entry, public.dead_letter_replay from ${service_role};
