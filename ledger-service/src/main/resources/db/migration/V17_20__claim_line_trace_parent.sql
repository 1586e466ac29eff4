-- One trace per claim (issue 17): the W3C traceparent of the span that booked the line from ClaimApproved (a span of
-- the claim's trace). Each entitlement issued for the line carries it to payout-service (EntitlementsIssued item
-- field traceParent). Null for lines booked before, or while tracing was off. Written once, like the line itself.
alter table claim_line add column trace_parent text
    constraint claim_line_trace_parent_w3c check (trace_parent ~ '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');

-- Only the running totals of a line change, and only upwards: the trace parent is as fixed as the rest.
create or replace function claim_line_refuse_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or (new.line_id, new.claim_id, new.incident_id, new.account_id, new.asset, new.approved,
            new.payout_address, new.approved_at, new.event_id, new.trace_parent)
        is distinct from (old.line_id, old.claim_id, old.incident_id, old.account_id, old.asset, old.approved,
            old.payout_address, old.approved_at, old.event_id, old.trace_parent)
        or new.entitled < old.entitled or new.paid < old.paid then
        raise exception '% of claim line % refused: only entitled and paid may grow', tg_op, old.line_id
            using errcode = 'restrict_violation';
    end if;
    return new;
end $$;
