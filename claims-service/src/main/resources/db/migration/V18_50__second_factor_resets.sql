-- Second-factor resets (issue 18): a support-lead asks to remove the lost second factor of a claimant account; another
-- support-lead approves (claims-service then removes the account's OTP credentials in Keycloak and ends its sessions)
-- or rejects. From the approval until cool_down_ends_at (approval + the payout-address cool-down) a payout address the
-- account proves is not paid before that instant. At most one open request per account. Every step is audited on a
-- chain of the reset's own id.
create table second_factor_reset (
    id                      uuid          primary key,
    account_id              varchar(128)  not null,
    reason                  varchar(2000) not null,
    state                   varchar(16)   not null,
    requested_by            varchar(255)  not null,
    requested_by_subject_id varchar(255)  not null,
    requested_at            timestamptz   not null,
    decided_by              varchar(255),
    decided_by_subject_id   varchar(255),
    decided_at              timestamptz,
    cool_down_ends_at       timestamptz,
    constraint second_factor_reset_state_known check (state in ('REQUESTED', 'APPROVED', 'REJECTED')),
    constraint second_factor_reset_decided check ((state = 'REQUESTED') = (decided_at is null)
        and (decided_at is null) = (decided_by is null)),
    constraint second_factor_reset_cool_down check ((state = 'APPROVED') = (cool_down_ends_at is not null)),
    constraint second_factor_reset_cool_down_after check (cool_down_ends_at is null or cool_down_ends_at >= decided_at)
);
create unique index second_factor_reset_one_open on second_factor_reset (account_id) where state = 'REQUESTED';
create index second_factor_reset_cool_downs on second_factor_reset (account_id, cool_down_ends_at)
    where state = 'APPROVED';
create index second_factor_reset_by_state on second_factor_reset (state, requested_at, id);

-- The claimant is mailed when their second factor was reset (an essential mail).
alter table notification drop constraint notification_kind;
alter table notification add constraint notification_kind check (kind in ('CLAIMS_OPEN', 'QUESTION', 'CLAIM_APPROVED',
    'CLAIM_REJECTED', 'PAYMENT_SENT', 'PAYOUT_ADDRESS_CHANGED', 'BAR_DATE_REMINDER', 'SECOND_FACTOR_RESET'));
