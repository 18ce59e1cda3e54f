package org.veil.issuer.gateway;

import java.util.Locale;

/** How a shop learns the decision on its order: through the buyer (a signed receipt), pushed to its URL, or by asking. */
enum ResultMode {
    BUYER, PUSH, INQUIRY;

    static ResultMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'resultMode' must be buyer, push or inquiry");
        }
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
