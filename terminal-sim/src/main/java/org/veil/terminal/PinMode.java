package org.veil.terminal;

import java.util.Locale;

/** How a terminal encrypts a PIN (docs/design: terminal-security.yml's {@code pin}). */
public enum PinMode {
    /** ISO format 0 under the terminal's TDES PIN key, field 52. */
    TDES,
    /** ISO format 0 under the DUKPT PIN key of the KSN in field 48 KS, field 52. */
    DUKPT,
    /** ISO format 4 under the AES PIN key, 32 hex characters in field 48 P4 (16 bytes do not fit field 52). */
    AES;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** IllegalArgumentException naming the choices for anything else. */
    public static PinMode parse(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (PinMode m : values()) {
            if (m.label().equals(n)) return m;
        }
        throw new IllegalArgumentException("must be tdes, dukpt or aes, got '" + name + "'");
    }
}
