package org.veil.terminal;

import java.util.Locale;

/** Whether and how a terminal MACs its requests (field 64) and checks the answers' MACs. */
public enum MacMode {
    NONE("none"),
    /** ISO 9797-1 algorithm 3 under the TDES MAC key. */
    RETAIL("retail"),
    /** AES-CMAC under the AES MAC key, its first 8 bytes. */
    AES_CMAC("aes-cmac");

    private final String label;

    MacMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** IllegalArgumentException naming the choices for anything else. */
    public static MacMode parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (MacMode m : values()) {
            if (m.label.equals(n)) return m;
        }
        throw new IllegalArgumentException("must be retail, aes-cmac or none, got '" + name + "'");
    }
}
