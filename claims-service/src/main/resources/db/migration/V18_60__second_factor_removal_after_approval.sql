-- A reset's approval (with its cool-down) is now recorded before claims-service removes the second factor in
-- Keycloak, so that no factor is ever removed without a cool-down on record. The removal is recorded after it
-- happened: until factor_removed_at is set, the approval waits for the removal to be finished (approving again).
-- Approvals recorded before this migration were recorded after their removal.
alter table second_factor_reset add column factor_removed_at timestamptz;
alter table second_factor_reset add column keycloak_user_id varchar(255);
alter table second_factor_reset add column otp_credentials_removed integer;
update second_factor_reset set factor_removed_at = decided_at where state = 'APPROVED';
-- The Keycloak user and the number of OTP credentials removed are known for removals recorded from now on.
alter table second_factor_reset add constraint second_factor_reset_removal check (
    (factor_removed_at is null or state = 'APPROVED')
    and (keycloak_user_id is null) = (otp_credentials_removed is null)
    and (keycloak_user_id is null or factor_removed_at is not null)
    and (otp_credentials_removed is null or otp_credentials_removed >= 0));
