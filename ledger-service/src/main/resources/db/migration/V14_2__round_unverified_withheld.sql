-- What a round left out of an asset's funds because on-chain recoveries were not VERIFIED when it was proposed
-- (UNVERIFIED or MISMATCH, net of their corrections); 0 for rounds proposed before it was kept.
alter table round_asset add column withheld_unverified numeric(78,0) not null default 0
    check (withheld_unverified >= 0);
