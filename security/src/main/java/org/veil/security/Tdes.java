package org.veil.security;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Triple DES in ECB over whole 8-byte blocks, for keys as Veil keeps them: double length (K1 K2, 16 bytes, algorithm
 * "DESede"), the form HSMs and the card schemes use. Every method here works on a copy and throws an
 * IllegalArgumentException naming only lengths, never key bytes.
 */
public final class Tdes {
    private Tdes() {}

    /** A 16-byte K1 K2 key (or a 24-byte one, unchanged) as the JCE wants it: K1 K2 K1. */
    public static SecretKey key24(byte[] k) {
        if (k.length == 24) return new SecretKeySpec(k, "DESede");
        if (k.length != 16) throw new IllegalArgumentException("a TDES key is 16 or 24 bytes, got " + k.length);
        byte[] k24 = new byte[24];
        System.arraycopy(k, 0, k24, 0, 16);
        System.arraycopy(k, 0, k24, 16, 8);
        try {
            return new SecretKeySpec(k24, "DESede");
        } finally {
            Arrays.fill(k24, (byte) 0);
        }
    }

    /** {@code data} (a multiple of 8 bytes) encrypted under the TDES {@code key}, ECB. */
    public static byte[] encrypt(SecretKey key, byte[] data) {
        return ecb(Cipher.ENCRYPT_MODE, key, data);
    }

    /** {@code data} (a multiple of 8 bytes) decrypted under the TDES {@code key}, ECB. */
    public static byte[] decrypt(SecretKey key, byte[] data) {
        return ecb(Cipher.DECRYPT_MODE, key, data);
    }

    /** The 16 bytes of a TDES key, checked: a one-line IllegalArgumentException for any other kind. */
    static byte[] material(SecretKey key, String what) {
        byte[] k = key.getEncoded();
        if (!"DESede".equals(key.getAlgorithm()) || k == null || (k.length != 16 && k.length != 24)) {
            throw new IllegalArgumentException(what + " must be a double-length TDES (DESede) key");
        }
        return k;
    }

    private static byte[] ecb(int mode, SecretKey key, byte[] data) {
        if (data.length == 0 || data.length % 8 != 0) {
            throw new IllegalArgumentException("TDES data must be a non-empty multiple of 8 bytes, got " + data.length);
        }
        byte[] k = material(key, "the key");
        try {
            Cipher c = Cipher.getInstance("DESede/ECB/NoPadding");
            c.init(mode, key24(k));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TDES unavailable: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }
}
