-- Evidence files a claimant uploads for a dispute, kept in PostgreSQL (bytea) next to the claim so that
-- one backup and one transaction hold both. Bounded: at most the configured size per file (5 MiB by
-- default, checked also here) and the configured number per claim. Never changed once stored.
create table claim_evidence (
    id            uuid primary key,
    claim_id      uuid          not null references claim (id),
    line_id       uuid          references claim_line (id),
    file_name     varchar(200)  not null,
    content_type  varchar(40)   not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg', 'text/plain')),
    size_bytes    bigint        not null check (size_bytes > 0 and size_bytes <= 16777216),
    sha256        char(64)      not null check (sha256 ~ '^[0-9a-f]{64}$'),
    content       bytea         not null check (octet_length(content) = size_bytes),
    uploaded_by   varchar(255)  not null,
    uploaded_at   timestamptz   not null
);
create index claim_evidence_claim_idx on claim_evidence (claim_id, uploaded_at);

create trigger claim_evidence_append_only before update or delete or truncate on claim_evidence
    for each statement execute function claim_audit_is_append_only();
