-- Disputes and their review. A claim with a disputed line goes from DRAFT to the review queue
-- (UNDER_REVIEW, NEEDS_INFO while a question waits for the claimant, PENDING_SECOND_APPROVAL while a
-- proposal above the four-eyes value waits for a support-lead) and ends APPROVED or REJECTED; the
-- claimant may withdraw it before a decision.
alter table claim drop constraint claim_status_check;
alter table claim alter column status type varchar(30);
alter table claim add constraint claim_status_check check (status in ('DRAFT', 'SUBMITTED', 'UNDER_REVIEW',
    'NEEDS_INFO', 'PENDING_SECOND_APPROVAL', 'APPROVED', 'REJECTED', 'WITHDRAWN'));
alter table claim add column queued_at timestamptz;
alter table claim add column assignee varchar(255);
alter table claim add column decided_at timestamptz;
alter table claim add column rejection_reason varchar(2000);
alter table claim add column withdrawn_at timestamptz;
alter table claim add column withdrawal_reason varchar(1000);
-- The one decision proposal that may wait for a second approval.
alter table claim add column proposal_decision varchar(10) check (proposal_decision in ('APPROVE', 'REJECT'));
alter table claim add column proposal_reason varchar(2000);
alter table claim add column proposed_by varchar(255);
alter table claim add column proposed_at timestamptz;
alter table claim add constraint claim_proposal_complete check (
    (proposal_decision is null) = (proposed_by is null) and (proposal_decision is null) = (proposed_at is null));
create index claim_review_queue_idx on claim (queued_at, id)
    where status in ('UNDER_REVIEW', 'NEEDS_INFO', 'PENDING_SECOND_APPROVAL');

-- A disputed line carries the amount the claimant believes and why. Its approved amount may exceed the
-- snapshot (the dispute was right) but never the claimed amount; 0 approves nothing for the line.
alter table claim_line drop constraint claim_line_status_check;
alter table claim_line add constraint claim_line_status_check check (status in ('PENDING', 'ACCEPTED', 'DISPUTED'));
alter table claim_line add column claimed_amount numeric(78,0) check (claimed_amount > 0);
alter table claim_line add column dispute_explanation varchar(4000);
alter table claim_line add column proposed_amount numeric(78,0) check (proposed_amount >= 0);
alter table claim_line add constraint claim_line_dispute_complete check (
    (status = 'DISPUTED') = (claimed_amount is not null) and (claimed_amount is null) = (dispute_explanation is null));
-- V2 declared the old rule inline (PostgreSQL named it); it is found by the column it checks.
do $$
declare
    old_rule text;
begin
    select conname into strict old_rule from pg_constraint
    where conrelid = 'claim_line'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%approved_amount%';
    execute format('alter table claim_line drop constraint %I', old_rule);
end;
$$;
alter table claim_line add constraint claim_line_approved_amount_check check (approved_amount is null or approved_amount >= 0 and (
    (status = 'ACCEPTED' and approved_amount = snapshot_amount and approved_amount > 0)
    or (status = 'DISPUTED' and approved_amount <= claimed_amount)));
create index claim_line_disputed_idx on claim_line (asset, claimed_amount) where status = 'DISPUTED';

-- A reviewer's question to the claimant and the answer; at most one is open per claim.
create table claim_question (
    id            uuid primary key,
    claim_id      uuid          not null references claim (id),
    question      varchar(4000) not null,
    asked_by      varchar(255)  not null,
    asked_at      timestamptz   not null,
    answer        varchar(4000),
    answered_at   timestamptz,
    check ((answer is null) = (answered_at is null))
);
create index claim_question_claim_idx on claim_question (claim_id, asked_at);
create unique index claim_question_one_open_uq on claim_question (claim_id) where answer is null;

-- Reviewers' internal notes; never shown to the claimant.
create table claim_comment (
    id            uuid primary key,
    claim_id      uuid          not null references claim (id),
    author        varchar(255)  not null,
    at            timestamptz   not null,
    text          varchar(4000) not null
);
create index claim_comment_claim_idx on claim_comment (claim_id, at);

-- After an incident's claims deadline a support-lead may admit one account's late claim, with a reason.
create table late_admission (
    id            uuid primary key,
    incident_id   uuid          not null references incident (id),
    account_id    varchar(128)  not null,
    reason        varchar(2000) not null,
    admitted_by   varchar(255)  not null,
    admitted_at   timestamptz   not null,
    constraint late_admission_account_uq unique (incident_id, account_id)
);
alter table claim add column late_admission_id uuid references late_admission (id);
