package org.veil.issuer.card;

import java.util.Locale;

/**
 * How a card may be spent: anywhere (ANY), once (SINGLE: the card closes itself with its first approved spend), or at
 * one merchant only (MERCHANT_LOCKED: the field 42 of its first approved spend). Fixed at issuance.
 */
public enum CardUse {
    ANY("any"), SINGLE("single"), MERCHANT_LOCKED("merchant-locked");

    /** How the admin API and CLI name it. */
    public final String label;

    CardUse(String label) {
        this.label = label;
    }

    /** "single" or "merchant-locked" (any case); null is ANY. @throws IllegalArgumentException for anything else */
    public static CardUse parse(String s) {
        if (s == null) return ANY;
        for (CardUse u : values()) {
            if (u.label.equals(s.trim().toLowerCase(Locale.ROOT))) return u;
        }
        throw new IllegalArgumentException("a card's use is 'single' or 'merchant-locked' (or 'any'), got '" + s + "'");
    }
}
