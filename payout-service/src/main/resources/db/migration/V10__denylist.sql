-- Addresses payout-service never pays on a chain (attackers, sanctioned parties). Stored lowercase, so a
-- checksum variant of a listed address is listed too. Removing an entry deletes the row; the audit log keeps it.
create table payout_denylist_entry (
    chain_id      bigint        not null check (chain_id > 0),
    address       char(42)      not null check (address ~ '^0x[0-9a-f]{40}$'),
    reason        varchar(500)  not null,
    added_by      varchar(255)  not null,
    added_at      timestamptz   not null,
    primary key (chain_id, address)
);
