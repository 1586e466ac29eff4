package dev.restitution.payout.batch.domain;

/**
 * The life of a payout batch. PROPOSED: frozen by its items hash, collecting approvals. APPROVED: enough
 * distinct approvers agreed on that hash and its payment orders are queued. PAID: every order confirmed.
 * FAILED: an order finally failed. CANCELLED: withdrawn before approval; its approvals are void.
 */
public enum BatchState {
    PROPOSED, APPROVED, PAID, FAILED, CANCELLED
}
