-- The batches of one incident, newest first (GET /batches?incidentId=...).
create index payout_batch_incident_idx on payout_batch (incident_id, proposed_at desc, id);
