package org.veil.security;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Working keys for the 0800 key change (field 70 = 101): the host generates a new double-length TDES key and sends it
 * encrypted under the terminal master key (TDES ECB, as an HSM exports a key under a KEK) with its check value
 * ({@link #issue}); the terminal decrypts it and checks the check value before using it ({@link #accept}).
 */
public final class WorkingKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private WorkingKeys() {}

    /**
     * A new key as it travels: {@code underTmk} (16 bytes) and {@code checkValue} (6 hex characters) go on the wire;
     * {@code key} stays with the host. {@code toString()} shows only the check value.
     */
    public record Issued(SecretKey key, byte[] underTmk, String checkValue) {
        public Issued {
            underTmk = underTmk.clone();
        }

        @Override
        public byte[] underTmk() {
            return underTmk.clone();
        }

        @Override
        public String toString() {
            return "WorkingKey[KCV " + checkValue + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Issued i && Arrays.equals(underTmk, i.underTmk) && checkValue.equals(i.checkValue);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(underTmk);
        }
    }

    /** A fresh random TDES working key (odd parity), encrypted under {@code tmk}, with its check value. */
    public static Issued issue(SecretKey tmk) {
        byte[] k = new byte[16];
        RANDOM.nextBytes(k);
        KeyRole.oddParity(k);
        try {
            SecretKey key = new SecretKeySpec(k, "DESede");
            return new Issued(key, Tdes.encrypt(tmk, k), CheckValue.of(key));
        } finally {
            PinBlock.wipe(k);
        }
    }

    /**
     * The working key in {@code underTmk} (16 bytes under {@code tmk}) after checking it against {@code checkValue}
     * (hex, 6 characters or more, case-insensitive); a one-line IllegalArgumentException when they differ.
     */
    public static SecretKey accept(SecretKey tmk, byte[] underTmk, String checkValue) {
        if (underTmk == null || underTmk.length != 16) throw new IllegalArgumentException("an encrypted working key is 16 bytes");
        if (checkValue == null || !checkValue.matches("[0-9A-Fa-f]{6,}")) {
            throw new IllegalArgumentException("a key check value is at least 6 hex characters");
        }
        byte[] k = Tdes.decrypt(tmk, underTmk);
        try {
            SecretKey key = new SecretKeySpec(k, "DESede");
            String kcv = CheckValue.of(key);
            if (!kcv.equalsIgnoreCase(checkValue.substring(0, 6))) {
                throw new IllegalArgumentException("working key check value mismatch (got " + checkValue.substring(0, 6).toUpperCase()
                        + ", the key decrypts to " + kcv + "): wrong TMK or damaged key");
            }
            return key;
        } finally {
            PinBlock.wipe(k);
        }
    }
}
