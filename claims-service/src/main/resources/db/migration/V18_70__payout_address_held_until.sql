-- A first payout address proven during a second-factor reset's cool-down is held (not paid) until the cool-down
-- ends; the claim shows it with the address (heldUntil in the claims API). Null: paid as soon as it is proven.
alter table payout_address add column held_until timestamptz;
