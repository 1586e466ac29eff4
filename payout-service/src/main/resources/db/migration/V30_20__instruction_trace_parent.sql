-- One trace per claim (issue 17): the W3C traceparent the ledger's entitlement carried (the claim's trace). The
-- engine records its broadcast and confirmation of the instruction's payment as spans under it. Null for
-- instructions taken before, or from an entitlement without one.
alter table payout_instruction add column trace_parent text
    constraint payout_instruction_trace_parent_w3c check (trace_parent ~ '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
