package org.veil.issuer.ledger;

/** A hold: a PENDING transfer and its current state (PENDING, POSTED, VOIDED or EXPIRED). */
public record Pending(long id, long debitAccount, long creditAccount, long amount, String state, Long expiresAt) {
    public boolean open() {
        return "PENDING".equals(state);
    }
}
