package org.veil.issuer.card;

import java.time.YearMonth;
import java.time.ZoneOffset;
import org.veil.packagers.CardNumbers;

/** A prepaid card: its number, product, expiry (YYMM), state and ledger account. */
public record Card(long id, String pan, String product, String expiry, String cvv2, CardState state, long accountId,
                   long createdAt) {

    public String maskedPan() {
        return CardNumbers.mask(pan);
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
