-- One trace per claim (issue 17): the W3C traceparent of the request that submitted the claim. Every event written
-- for the claim later (approval, rejection, withdrawal) is written in a span under it, so the ledger's booking and
-- the payout that follow continue the submission's trace. Null for claims submitted before, or while tracing was off.
alter table claim add column trace_parent text
    constraint claim_trace_parent_w3c check (trace_parent ~ '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
