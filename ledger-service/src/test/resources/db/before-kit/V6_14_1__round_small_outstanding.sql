-- With a convenience threshold, a round's plan keeps how much the small lines (at or below it) had
-- outstanding: with distributable, outstanding and threshold it is what anyone needs to recompute
-- every entitlement of the round exactly (published per asset by the rounds API).
alter table round_asset add column small_outstanding numeric(78,0)
    check (small_outstanding >= 0 and small_outstanding <= outstanding);
alter table round_asset add constraint round_asset_small_outstanding_needs_threshold
    check (small_outstanding is null or convenience_threshold is not null);
