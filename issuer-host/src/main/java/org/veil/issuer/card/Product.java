package org.veil.issuer.card;

/** A card product: BIN, currency and the limits every card of it shares. Amounts in minor units. */
public record Product(String code, String bin, String currency, int panLength, int validityMonths,
                      long maxTransaction, long maxBalance, long holdExpirySeconds) {
}
