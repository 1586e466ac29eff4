-- A claim's lines are read with the claim on every request about it: without an index on claim_id each
-- read scans every line of every claim (about nine million claims after a breach like FTX's).
create index claim_line_claim_idx on claim_line (claim_id, position);
