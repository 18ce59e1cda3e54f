package org.veil.issuer.card;

/** Lifecycle state of a card. */
public enum CardState {
    ACTIVE, BLOCKED, LOST, STOLEN, CLOSED;

    public static CardState parse(String s) {
        for (CardState st : values()) {
            if (st.name().equalsIgnoreCase(s == null ? "" : s.trim())) return st;
        }
        throw new IllegalArgumentException("unknown card state '" + s + "' (expected ACTIVE, BLOCKED, LOST, STOLEN or CLOSED)");
    }
}
