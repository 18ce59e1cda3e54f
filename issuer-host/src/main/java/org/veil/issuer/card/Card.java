package org.veil.issuer.card;

import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * A prepaid card as the issuer keeps it: masked number, product, expiry (YYMM), state and ledger account. The full
 * number is not part of it: the database holds it only encrypted, and a flow that needs it has it from its request.
 */
public record Card(long id, String maskedPan, String product, String expiry, CardState state, long accountId, long createdAt,
                   CardUse use, String lockedMerchant) {

    /** A card that may be spent anywhere. */
    public Card(long id, String maskedPan, String product, String expiry, CardState state, long accountId, long createdAt) {
        this(id, maskedPan, product, expiry, state, accountId, createdAt, CardUse.ANY, null);
    }

    /** A card is valid through the last day of its expiry month (UTC). */
    public boolean expired(YearMonth now) {
        YearMonth exp = YearMonth.of(2000 + Integer.parseInt(expiry.substring(0, 2)), Integer.parseInt(expiry.substring(2, 4)));
        return now.isAfter(exp);
    }

    public boolean expired() {
        return expired(YearMonth.now(ZoneOffset.UTC));
    }
}
