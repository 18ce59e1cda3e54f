package org.veil.issuer.card;

/**
 * Lifecycle state of a card. INACTIVE: a physical card made but not yet activated by its holder (declined 62); only
 * the wallet's activation leaves it, so {@link #parse} (the admin API's states) does not take it.
 */
public enum CardState {
    ACTIVE, BLOCKED, LOST, STOLEN, CLOSED, INACTIVE;

    public static CardState parse(String s) {
        for (CardState st : values()) {
            if (st != INACTIVE && st.name().equalsIgnoreCase(s == null ? "" : s.trim())) return st;
        }
        throw new IllegalArgumentException("unknown card state '" + s + "' (expected ACTIVE, BLOCKED, LOST, STOLEN or CLOSED)");
    }
}
