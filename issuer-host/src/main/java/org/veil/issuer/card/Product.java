package org.veil.issuer.card;

/**
 * A card product: BIN, currency and the limits every card of it shares. Amounts in minor units. {@code maxMonthlyLoad}
 * bounds what all loads (cash, bank, credit card, admin) put on one card in a calendar month (UTC); 0 means no bound.
 */
public record Product(String code, String bin, String currency, int panLength, int validityMonths,
                      long maxTransaction, long maxBalance, long holdExpirySeconds, long maxMonthlyLoad) {

    /** A product without a monthly load bound. */
    public Product(String code, String bin, String currency, int panLength, int validityMonths,
                   long maxTransaction, long maxBalance, long holdExpirySeconds) {
        this(code, bin, currency, panLength, validityMonths, maxTransaction, maxBalance, holdExpirySeconds, 0);
    }
}
