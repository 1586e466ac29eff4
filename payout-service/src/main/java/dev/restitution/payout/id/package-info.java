/**
 * Typed identifiers of payout-service's own records (batches, instructions; a payment order is named by its engine call id), beside the
 * cross-service ones in the service kit; domain methods take these instead of bare UUIDs.
 */
package dev.restitution.payout.id;
