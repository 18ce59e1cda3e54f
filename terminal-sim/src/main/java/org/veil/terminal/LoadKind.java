package org.veil.terminal;

import java.util.Locale;

/** What a load run sends; COMPLETION only ever follows an approved AUTH. */
public enum LoadKind {
    PURCHASE, AUTH, COMPLETION, REFUND, LOAD, BALANCE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Kinds a mix may name (completions come with their auth). */
    public static LoadKind parse(String name) {
        for (LoadKind k : values()) {
            if (k != COMPLETION && k.label().equals(name.trim().toLowerCase(Locale.ROOT))) return k;
        }
        throw new IllegalArgumentException("unknown transaction kind '" + name.trim()
                + "' in the mix (expected purchase, auth, refund, load or balance)");
    }
}
