-- Notifications (issue 18): one row per event and recipient account, written in the transaction of the effect
-- that causes it (a decision, a question, a settlement), so a mail is never lost and never queued twice: the unique
-- key absorbs a redelivered event. The sender (NotificationSender) mails rows outside any business transaction
-- and marks them sent; a crash between the SMTP server's accept and the mark re-sends with the same Message-ID.
create table notification (
    id               uuid primary key,
    event_id         uuid        not null,
    account_id       text        not null,
    kind             text        not null
        constraint notification_kind check (kind in ('CLAIMS_OPEN', 'QUESTION', 'CLAIM_APPROVED', 'CLAIM_REJECTED',
                                                     'PAYMENT_SENT', 'PAYOUT_ADDRESS_CHANGED', 'BAR_DATE_REMINDER')),
    parameters       jsonb       not null,
    status           text        not null default 'PENDING'
        constraint notification_status check (status in ('PENDING', 'SENT', 'SKIPPED', 'PARKED')),
    attempts         integer     not null default 0 constraint notification_attempts check (attempts >= 0),
    next_attempt_at  timestamptz not null,
    last_error       text,
    created_at       timestamptz not null,
    sent_at          timestamptz,
    recipient_email  text,
    language         text,
    constraint notification_once_per_event_and_recipient unique (event_id, account_id)
);
create index notification_due on notification (next_attempt_at) where status = 'PENDING';
create index notification_by_event on notification (event_id, status);

-- A claimant's choices: the language of their mails (null: Keycloak's locale attribute, else en) and whether they
-- want the mails that are not essential. Essential mails (questions, decisions, payments) always go.
create table notification_preference (
    account_id         text primary key,
    language           text constraint notification_preference_language check (language in ('en', 'zh-CN', 'es')),
    claims_open        boolean     not null,
    bar_date_reminder  boolean     not null,
    updated_at         timestamptz not null
);

-- A mail to many (claims open: every account with a verified address in Keycloak): the event is recorded here in the
-- transaction that learns it; CampaignExpander pages through Keycloak's users and queues one notification row per
-- account, page by page (next_first), so a crash resumes where it stopped and the unique key absorbs a page done twice.
create table notification_campaign (
    event_id     uuid primary key,
    incident_id  uuid        not null,
    kind         text        not null constraint notification_campaign_kind check (kind in ('CLAIMS_OPEN')),
    parameters   jsonb       not null,
    next_first   integer     not null default 0 constraint notification_campaign_next_first check (next_first >= 0),
    expanded     boolean     not null default false,
    queued       bigint      not null default 0,
    created_at   timestamptz not null,
    expanded_at  timestamptz
);
create index notification_campaign_open on notification_campaign (created_at) where not expanded;
create index notification_campaign_by_incident on notification_campaign (incident_id);
