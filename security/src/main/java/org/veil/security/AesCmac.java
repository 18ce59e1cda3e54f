package org.veil.security;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-CMAC (NIST SP 800-38B, RFC 4493) under a 128, 192 or 256-bit AES key: a 16-byte MAC. ISO 8583 field 64 holds
 * 8 bytes, so {@link #verify} accepts a MAC truncated to its leftmost 8..16 bytes (SP 800-38B allows truncation) and
 * compares in constant time. Stateless and thread-safe.
 */
public final class AesCmac {
    /** The shortest truncated MAC {@link #verify} accepts. */
    public static final int MIN_LENGTH = 8;

    private AesCmac() {}

    /** The full 16-byte CMAC of {@code data} under {@code key}. */
    public static byte[] mac(SecretKey key, byte[] data) {
        byte[] k = key.getEncoded();
        try {
            if (!"AES".equals(key.getAlgorithm()) || k == null || (k.length != 16 && k.length != 24 && k.length != 32)) {
                throw new IllegalArgumentException("an AES-CMAC key is an AES key of 16, 24 or 32 bytes");
            }
            CMac mac = new CMac(AESEngine.newInstance());
            mac.init(new KeyParameter(k));
            mac.update(data, 0, data.length);
            byte[] out = new byte[16];
            mac.doFinal(out, 0);
            return out;
        } finally {
            if (k != null) Arrays.fill(k, (byte) 0);
        }
    }

    /** True when {@code presented} (8 to 16 bytes) is the leftmost part of the CMAC of {@code data}. */
    public static boolean verify(SecretKey key, byte[] data, byte[] presented) {
        if (presented == null || presented.length < MIN_LENGTH || presented.length > 16) return false;
        byte[] full = mac(key, data);
        return MessageDigest.isEqual(Arrays.copyOf(full, presented.length), presented);
    }
}
