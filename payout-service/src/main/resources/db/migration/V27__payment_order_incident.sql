-- The incident a payment order pays for (its batch's), so the check before each signature asks the denylist
-- for that incident: an entry of another incident does not stop it, an entry of every incident does. Orders
-- queued before this migration take their batch's incident.
alter table payment_order add column incident_id uuid;
update payment_order set incident_id = batch.incident_id from payout_batch batch where batch.id = payment_order.batch_id;
alter table payment_order alter column incident_id set not null;
