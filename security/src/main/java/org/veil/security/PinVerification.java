package org.veil.security;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * Issuer-side PIN checks with a PIN verification key (PVK, double-length TDES "DESede" key = the PVK pair A|B).
 * <ul>
 *   <li>Visa PVV: {@link #pvv} computes the 4-digit PIN verification value the issuer stores for a card (from the PAN,
 *       the PIN and the PVK index 0..9); {@link #verifyPvv} checks a format 0 PIN block under the zone PIN key against a
 *       stored PVV. The TSP is the 11 rightmost PAN digits before the check digit + PVKI + the PIN's first 4 digits.</li>
 *   <li>IBM 3624 offset: {@link #ibm3624Offset} and {@link #verifyIbm3624}, from 16 hex characters of validation data
 *       (commonly PAN digits padded with F) and a 16-digit decimalization table (commonly 0123456789012345).</li>
 * </ul>
 * The clear PIN exists only inside {@code verify*} and is wiped before they return. Comparisons are constant-time.
 * A PIN block that does not decrypt to a valid format 0 block under the ZPK for that PAN is a mismatch ({@code false}),
 * not an exception; bad arguments (PVKI, table, lengths) get a one-line IllegalArgumentException.
 */
public final class PinVerification {
    private PinVerification() {}

    /** The Visa PVV (4 digits) of {@code pin} for {@code pan} under {@code pvk}, PVK index {@code pvki} (0..9). */
    public static String pvv(SecretKey pvk, String pan, CharSequence pin, int pvki) {
        PinBlock.checkPin(pin);
        PinBlock.checkPan(pan);
        if (pan.length() < 12) throw new IllegalArgumentException("a PVV needs a PAN of at least 12 digits");
        if (pvki < 0 || pvki > 9) throw new IllegalArgumentException("a PVK index is one digit 0..9, got " + pvki);
        char[] tsp = new char[16];
        pan.getChars(pan.length() - 12, pan.length() - 1, tsp, 0);
        tsp[11] = (char) ('0' + pvki);
        for (int i = 0; i < 4; i++) tsp[12 + i] = pin.charAt(i);
        byte[] block = packDigits(tsp);
        Arrays.fill(tsp, '\0');
        byte[] enc = Tdes.encrypt(pvk, block);
        try {
            return Decimalization.visa(enc, 4);
        } finally {
            PinBlock.wipe(block, enc);
        }
    }

    /** True when the PIN in {@code blockUnderZpk} (format 0 for {@code pan}) has the PVV {@code storedPvv}. */
    public static boolean verifyPvv(SecretKey zpk, byte[] blockUnderZpk, String pan, SecretKey pvk, int pvki, String storedPvv) {
        char[] pin = pinOrNull(zpk, blockUnderZpk, pan);
        if (pin == null) return false;
        try {
            return sameDigits(pvv(pvk, pan, CharBuffer.wrap(pin), pvki), storedPvv);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /** The IBM 3624 offset (as many digits as the PIN) of {@code pin}. */
    public static String ibm3624Offset(SecretKey pvk, String validationData, String decimalizationTable, CharSequence pin) {
        PinBlock.checkPin(pin);
        char[] natural = naturalPin(pvk, validationData, decimalizationTable, pin.length());
        StringBuilder offset = new StringBuilder(pin.length());
        for (int i = 0; i < pin.length(); i++) offset.append((char) ('0' + Math.floorMod(pin.charAt(i) - natural[i], 10)));
        Arrays.fill(natural, '\0');
        return offset.toString();
    }

    /** True when the PIN in {@code blockUnderZpk} (format 0 for {@code pan}) has the IBM 3624 offset {@code offset}. */
    public static boolean verifyIbm3624(SecretKey zpk, byte[] blockUnderZpk, String pan, SecretKey pvk,
                                        String validationData, String decimalizationTable, String offset) {
        char[] pin = pinOrNull(zpk, blockUnderZpk, pan);
        if (pin == null) return false;
        try {
            return sameDigits(ibm3624Offset(pvk, validationData, decimalizationTable, CharBuffer.wrap(pin)), offset);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /** Encrypt the validation data, map every nibble through the table, keep the first {@code length} digits. */
    private static char[] naturalPin(SecretKey pvk, String validationData, String table, int length) {
        if (validationData == null || !validationData.matches("[0-9A-Fa-f]{16}")) {
            throw new IllegalArgumentException("IBM 3624 validation data is 16 hex characters");
        }
        if (table == null || !table.matches("[0-9]{16}")) {
            throw new IllegalArgumentException("a decimalization table is 16 decimal digits");
        }
        byte[] enc = Tdes.encrypt(pvk, Decimalization.pack(validationData));
        char[] natural = new char[length];
        for (int i = 0; i < length; i++) natural[i] = table.charAt((enc[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0F);
        PinBlock.wipe(enc);
        return natural;
    }

    private static char[] pinOrNull(SecretKey zpk, byte[] block, String pan) {
        PinBlock.checkPan(pan);
        PinBlock.wipe(Tdes.material(zpk, "the ZPK")); // a wrong kind of key is a setup error, not a wrong PIN
        if (block == null || block.length != 8) throw new IllegalArgumentException("a format 0 PIN block is 8 bytes");
        try {
            return PinBlock.decryptFormat0(zpk, block, pan);
        } catch (IllegalArgumentException notAPinBlock) {
            return null; // wrong key, wrong PAN or garbage: the PIN is wrong
        }
    }

    private static boolean sameDigits(String computed, String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] packDigits(char[] digits) {
        byte[] out = new byte[digits.length / 2];
        for (int i = 0; i < digits.length; i++) out[i / 2] |= (byte) ((digits[i] - '0') << (i % 2 == 0 ? 4 : 0));
        return out;
    }
}
