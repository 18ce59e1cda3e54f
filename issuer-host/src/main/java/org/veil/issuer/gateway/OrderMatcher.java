package org.veil.issuer.gateway;

/**
 * The matching rules of paired requests. The two sides pair on merchant and order id (the shop's signed key names its
 * merchant; the wallet names it), so a side whose merchant or order id differs from the other's finds no partner and
 * is declined with it when the order expires. Paired sides must agree on the amount, and the pair must complete before
 * the order's expiry (counted from the first side's arrival).
 */
final class OrderMatcher {
    enum Verdict { WAIT, MATCH, AMOUNT_MISMATCH, EXPIRED }

    private OrderMatcher() {}

    /** The verdict on an order's sides ({@code null}: not arrived) at {@code now}, epoch milliseconds. */
    static Verdict judge(Long walletAmount, Long shopAmount, long expiresAt, long now) {
        if (now >= expiresAt) return Verdict.EXPIRED;
        if (walletAmount == null || shopAmount == null) return Verdict.WAIT;
        return walletAmount.longValue() == shopAmount.longValue() ? Verdict.MATCH : Verdict.AMOUNT_MISMATCH;
    }
}
