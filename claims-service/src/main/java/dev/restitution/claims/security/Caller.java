package dev.restitution.claims.security;

import dev.restitution.kit.audit.Actor;

/** A claimant who acts: their exchange account (token claim account_id) and who they are for the audit log. */
public record Caller(String accountId, Actor actor) {
}
