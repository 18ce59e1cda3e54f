package org.veil.security;

import java.nio.CharBuffer;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * Re-encrypts a PIN block from the terminal's key to the zone PIN key, as a switch does at the edge: the result is
 * always an ISO format 0 block (8 bytes) under the TDES zone PIN key, for the same PAN.
 * <ul>
 *   <li>{@link #fromTerminalKey}: the block is under a terminal PIN key; a TDES key means format 0 (8 bytes), an AES
 *       key means format 4 (16 bytes).</li>
 *   <li>{@link #fromDukpt}: the block is format 0 under the DUKPT PIN key of the KSN, derived here from the BDK.</li>
 * </ul>
 * The clear PIN exists only inside these methods and is wiped before they return; it is never returned, logged or
 * put in an exception message. A block that does not decrypt to a valid PIN block (wrong key, wrong PAN, bad format)
 * gets a one-line IllegalArgumentException; a switch answers it with 55 or 30 as it sees fit. Stateless.
 */
public final class PinTranslation {
    private PinTranslation() {}

    /** {@code block} under the terminal PIN key {@code tpk} (TDES format 0 or AES format 4) to format 0 under {@code zpk}. */
    public static byte[] fromTerminalKey(SecretKey tpk, byte[] block, String pan, SecretKey zpk) {
        char[] pin = "AES".equals(tpk.getAlgorithm())
                ? PinBlock.pinFromFormat4(tpk, block, pan)
                : PinBlock.decryptFormat0(tpk, block, pan);
        return underZpk(pin, pan, zpk);
    }

    /** {@code block}, format 0 under the DUKPT PIN key of {@code ksn} (from {@code bdk}), to format 0 under {@code zpk}. */
    public static byte[] fromDukpt(SecretKey bdk, String ksn, byte[] block, String pan, SecretKey zpk) {
        SecretKey pinKey = Dukpt.pinKey(Dukpt.ipek(bdk, ksn), ksn);
        return underZpk(PinBlock.decryptFormat0(pinKey, block, pan), pan, zpk);
    }

    private static byte[] underZpk(char[] pin, String pan, SecretKey zpk) {
        try {
            return PinBlock.encryptFormat0(zpk, CharBuffer.wrap(pin), pan);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }
}
