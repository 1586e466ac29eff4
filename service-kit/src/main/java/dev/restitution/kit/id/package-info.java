/**
 * Typed identifiers of the things that cross services (incidents, claims, lines, rounds, entitlements).
 * A domain method takes these instead of bare UUIDs, so a claim id cannot be passed where a line id is
 * expected; API models, events and SQL keep the UUID form ({@code value()}).
 */
package dev.restitution.kit.id;
