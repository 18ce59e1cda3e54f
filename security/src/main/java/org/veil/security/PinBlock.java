package org.veil.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

/**
 * ISO 9564-1 PIN blocks.
 * <ul>
 *   <li>Format 0 (8 bytes, TDES): {@code 0 L P..P F..F} XOR {@code 0000} + the 12 rightmost PAN digits before the
 *       check digit. {@link #format0} builds the clear block, {@link #pinFromFormat0} reads it back;
 *       {@link #encryptFormat0} builds and encrypts under a TDES PIN key.</li>
 *   <li>Format 4 (16 bytes, AES, ISO 9564-1:2017): plain PIN field {@code 4 L P..P A..A} + 8 random bytes, PAN field
 *       {@code M} (PAN length - 12) + the PAN + zeros; enciphered as E(E(pin field) XOR pan field).
 *       {@link #encryptFormat4} / {@link #pinFromFormat4}.</li>
 * </ul>
 * A PIN is 4 to 12 decimal digits; a PAN is 8 to 19 decimal digits. A returned PIN is a {@code char[]} that the caller
 * wipes ({@code Arrays.fill(pin, '\0')}) when done. Bad input gets a one-line IllegalArgumentException that names what
 * is wrong and never contains a PIN, a PIN block or key material. Stateless and thread-safe.
 */
public final class PinBlock {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PinBlock() {}

    /** The clear ISO format 0 block (8 bytes) for {@code pin} and {@code pan}. */
    public static byte[] format0(CharSequence pin, String pan) {
        byte[] pinField = pinField(0, pin, 8, 0xF);
        byte[] panField = panField0(pan);
        try {
            return xor(pinField, panField);
        } finally {
            Arrays.fill(pinField, (byte) 0);
        }
    }

    /** The PIN in a clear format 0 block for {@code pan}; IllegalArgumentException when the block is not one. */
    public static char[] pinFromFormat0(byte[] clearBlock, String pan) {
        if (clearBlock == null || clearBlock.length != 8) throw new IllegalArgumentException("a format 0 PIN block is 8 bytes");
        byte[] pinField = xor(clearBlock, panField0(pan));
        try {
            return readPinField(pinField, 0, 16, 0xF);
        } finally {
            Arrays.fill(pinField, (byte) 0);
        }
    }

    /** {@code pin} as a format 0 block for {@code pan}, encrypted under the TDES PIN key {@code tpk}. */
    public static byte[] encryptFormat0(SecretKey tpk, CharSequence pin, String pan) {
        byte[] clear = format0(pin, pan);
        try {
            return Tdes.encrypt(tpk, clear);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /** The PIN in a format 0 block encrypted under the TDES key {@code key}. */
    public static char[] decryptFormat0(SecretKey key, byte[] block, String pan) {
        if (block == null || block.length != 8) throw new IllegalArgumentException("a format 0 PIN block is 8 bytes");
        byte[] clear = Tdes.decrypt(key, block);
        try {
            return pinFromFormat0(clear, pan);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /** {@code pin} as a format 4 block (16 bytes) for {@code pan}, enciphered under the AES PIN key {@code aesKey}. */
    public static byte[] encryptFormat4(SecretKey aesKey, CharSequence pin, String pan) {
        byte[] pinField = pinField(4, pin, 16, 0xA);
        byte[] fill = new byte[8];
        RANDOM.nextBytes(fill);
        System.arraycopy(fill, 0, pinField, 8, 8);
        byte[] a = null;
        byte[] b = null;
        try {
            a = aes(Cipher.ENCRYPT_MODE, aesKey, pinField);
            b = xor(a, panField4(pan));
            return aes(Cipher.ENCRYPT_MODE, aesKey, b);
        } finally {
            wipe(pinField, a, b);
        }
    }

    /** The PIN in a format 4 block (16 bytes) enciphered under {@code aesKey} for {@code pan}. */
    public static char[] pinFromFormat4(SecretKey aesKey, byte[] block, String pan) {
        if (block == null || block.length != 16) throw new IllegalArgumentException("a format 4 PIN block is 16 bytes");
        byte[] b = null;
        byte[] a = null;
        byte[] pinField = null;
        try {
            b = aes(Cipher.DECRYPT_MODE, aesKey, block);
            a = xor(b, panField4(pan));
            pinField = aes(Cipher.DECRYPT_MODE, aesKey, a);
            // bytes 8..15 are random fill: any value is valid
            return readPinField(pinField, 4, 16, 0xA);
        } finally {
            wipe(b, a, pinField);
        }
    }

    /** Checks a PIN: 4 to 12 decimal digits. The message never repeats the PIN. */
    static void checkPin(CharSequence pin) {
        if (pin == null) throw new IllegalArgumentException("the PIN is missing");
        if (pin.length() < 4 || pin.length() > 12) throw new IllegalArgumentException("a PIN is 4 to 12 digits, got " + pin.length());
        for (int i = 0; i < pin.length(); i++) {
            char c = pin.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException("a PIN is decimal digits only");
        }
    }

    /** Checks a PAN: 8 to 19 decimal digits. The message never repeats the PAN. */
    static void checkPan(String pan) {
        if (pan == null) throw new IllegalArgumentException("the PAN is missing");
        if (pan.length() < 8 || pan.length() > 19) throw new IllegalArgumentException("a PAN is 8 to 19 digits, got " + pan.length());
        for (int i = 0; i < pan.length(); i++) {
            char c = pan.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException("a PAN is decimal digits only");
        }
    }

    /** Control nibble, length nibble, PIN digits, then {@code fill} nibbles up to nibble 16; zeros after. */
    private static byte[] pinField(int control, CharSequence pin, int size, int fill) {
        checkPin(pin);
        byte[] f = new byte[size];
        int[] nibbles = new int[16];
        nibbles[0] = control;
        nibbles[1] = pin.length();
        for (int i = 2; i < 16; i++) nibbles[i] = i - 2 < pin.length() ? pin.charAt(i - 2) - '0' : fill;
        for (int i = 0; i < 8; i++) f[i] = (byte) (nibbles[2 * i] << 4 | nibbles[2 * i + 1]);
        Arrays.fill(nibbles, 0);
        return f;
    }

    private static char[] readPinField(byte[] f, int control, int nibbleCount, int fill) {
        if (nibble(f, 0) != control) throw new IllegalArgumentException("not a format " + control + " PIN block (control nibble)");
        int len = nibble(f, 1);
        if (len < 4 || len > 12) throw new IllegalArgumentException("format " + control + " PIN block: PIN length out of 4..12");
        for (int i = 2 + len; i < nibbleCount; i++) {
            if (nibble(f, i) != fill) throw new IllegalArgumentException("format " + control + " PIN block: bad fill (wrong key or PAN?)");
        }
        char[] pin = new char[len];
        for (int i = 0; i < len; i++) {
            int d = nibble(f, 2 + i);
            if (d > 9) {
                Arrays.fill(pin, '\0');
                throw new IllegalArgumentException("format " + control + " PIN block: a PIN digit is not decimal");
            }
            pin[i] = (char) ('0' + d);
        }
        return pin;
    }

    private static byte[] panField0(String pan) {
        checkPan(pan);
        String body = pan.substring(0, pan.length() - 1); // without the check digit
        String twelve = body.length() >= 12 ? body.substring(body.length() - 12) : "0".repeat(12 - body.length()) + body;
        return bcd("0000" + twelve, 8);
    }

    private static byte[] panField4(String pan) {
        checkPan(pan);
        String p = pan.length() >= 12 ? pan : "0".repeat(12 - pan.length()) + pan;
        return bcd((p.length() - 12) + p, 16);
    }

    /** Digits packed two to a byte, zero-filled on the right to {@code size} bytes. */
    private static byte[] bcd(String digits, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < digits.length(); i++) out[i / 2] |= (byte) ((digits.charAt(i) - '0') << (i % 2 == 0 ? 4 : 0));
        return out;
    }

    private static int nibble(byte[] b, int i) {
        return (b[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0F;
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (byte) (a[i] ^ b[i]);
        return out;
    }

    private static byte[] aes(int mode, SecretKey key, byte[] block) {
        byte[] k = key.getEncoded();
        boolean aesKey = "AES".equals(key.getAlgorithm()) && k != null && (k.length == 16 || k.length == 24 || k.length == 32);
        if (k != null) Arrays.fill(k, (byte) 0);
        if (!aesKey) throw new IllegalArgumentException("a format 4 PIN block needs an AES key");
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(mode, key);
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable: " + e.getClass().getSimpleName(), e);
        }
    }

    static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) if (a != null) Arrays.fill(a, (byte) 0);
    }
}
