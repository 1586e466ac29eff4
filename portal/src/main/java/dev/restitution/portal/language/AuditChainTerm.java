package dev.restitution.portal.language;

/**
 * What a figure of an audit chain's verification is (entries verified, the chain's head, its first broken entry); the
 * audit page words it in its language through {@link OperationsMessages#auditFact}.
 */
public enum AuditChainTerm { VERIFIED, HEAD, BROKEN }
