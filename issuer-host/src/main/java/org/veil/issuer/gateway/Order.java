package org.veil.issuer.gateway;

/**
 * One shop order as the gateway holds it: the wallet's side (customer, card, amount), the shop's side (amount, currency),
 * and once decided the decision. kind: MATCHED (wallet + shop), CARD (shop with card number and password), CODE (shop
 * with a one-time code). status: PENDING, AUTHORIZING (sent to the authorization path), CONFIRMING (sent, and waiting for
 * the cardholder's confirmation of its one-time code), APPROVED, DECLINED.
 */
record Order(long id, String merchantId, String orderId, String kind, String status, Long customer, Long cardId, Long walletAmount,
             Long shopAmount, String shopCurrency, long expiresAt, String stan, String transmission, String reason,
             String responseCode, String approvalCode, Long amount, String currency, Long decidedAt) {
    static final String MATCHED = "MATCHED";
    static final String CARD = "CARD";
    static final String CODE = "CODE";
    static final String PENDING = "PENDING";
    static final String AUTHORIZING = "AUTHORIZING";
    static final String CONFIRMING = "CONFIRMING";
    /** The reason a shop sees on an order that waits for the cardholder's confirmation. */
    static final String AWAITING_CARDHOLDER = "AWAITING_CARDHOLDER";
    static final String APPROVED = "APPROVED";
    static final String DECLINED = "DECLINED";

    boolean decided() {
        return APPROVED.equals(status) || DECLINED.equals(status);
    }

    /** Sent to the authorization path and not decided yet (the shop and the wallet see PENDING). */
    boolean inFlight() {
        return AUTHORIZING.equals(status) || CONFIRMING.equals(status);
    }

    boolean hasWallet() {
        return walletAmount != null;
    }

    boolean hasShop() {
        return shopAmount != null;
    }
}
