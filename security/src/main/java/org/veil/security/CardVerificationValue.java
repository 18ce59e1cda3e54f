package org.veil.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Visa card verification values with the card verification key pair CVK A|B (one double-length TDES "DESede" key):
 * the PAN, the expiry (YYMM) and a service code, zero-padded to 32 digits; block 1 DES under A, XOR block 2, TDES
 * under A|B, then Visa decimalization, first 3 digits.
 * <ul>
 *   <li>{@link #cvv}: on the magnetic stripe (track 2), with the card's service code (e.g. 101, 201);</li>
 *   <li>{@link #cvv2}: printed on the card, service code 000;</li>
 *   <li>{@link #icvv}: in the chip's track 2 equivalent, service code 999.</li>
 * </ul>
 * {@link #verify} compares in constant time. Bad input gets a one-line IllegalArgumentException that does not repeat
 * the PAN. Stateless.
 */
public final class CardVerificationValue {
    private CardVerificationValue() {}

    public static String cvv(SecretKey cvk, String pan, String expiryYymm, String serviceCode) {
        PinBlock.checkPan(pan);
        if (expiryYymm == null || !expiryYymm.matches("[0-9]{2}(0[1-9]|1[0-2])")) {
            throw new IllegalArgumentException("an expiry is 4 digits YYMM");
        }
        if (serviceCode == null || !serviceCode.matches("[0-9]{3}")) throw new IllegalArgumentException("a service code is 3 digits");
        String data = pan + expiryYymm + serviceCode;
        if (data.length() > 32) throw new IllegalArgumentException("PAN, expiry and service code exceed 32 digits");
        byte[] block = Decimalization.pack(data + "0".repeat(32 - data.length()));
        byte[] cvkBytes = Tdes.material(cvk, "the CVK");
        byte[] keyA = Arrays.copyOf(cvkBytes, 16);
        System.arraycopy(cvkBytes, 0, keyA, 8, 8); // A|A: single DES under A as TDES
        try {
            byte[] step = Tdes.encrypt(new SecretKeySpec(keyA, "DESede"), Arrays.copyOf(block, 8));
            for (int i = 0; i < 8; i++) step[i] ^= block[8 + i];
            byte[] result = Tdes.encrypt(cvk, step);
            return Decimalization.visa(result, 3);
        } finally {
            PinBlock.wipe(cvkBytes, keyA);
        }
    }

    public static String cvv2(SecretKey cvk, String pan, String expiryYymm) {
        return cvv(cvk, pan, expiryYymm, "000");
    }

    public static String icvv(SecretKey cvk, String pan, String expiryYymm) {
        return cvv(cvk, pan, expiryYymm, "999");
    }

    /** True when {@code presented} is the value for this card and service code (000 for CVV2, 999 for iCVV). */
    public static boolean verify(SecretKey cvk, String pan, String expiryYymm, String serviceCode, String presented) {
        String expected = cvv(cvk, pan, expiryYymm, serviceCode);
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
