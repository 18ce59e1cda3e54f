package org.veil.security;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key check values: the first 3 bytes of a zero block encrypted under the key (TDES and AES, as HSMs and key
 * ceremonies print them), or of an HMAC over a zero block for an HMAC key. They identify a key without revealing it.
 */
public final class CheckValue {
    private CheckValue() {}

    public static String of(SecretKey key) {
        try {
            byte[] out = switch (key.getAlgorithm()) {
                case "DESede" -> ecb("DESede/ECB/NoPadding", Tdes.key24(key.getEncoded()), new byte[8]);
                case "AES" -> ecb("AES/ECB/NoPadding", key, new byte[16]);
                default -> {
                    Mac mac = Mac.getInstance(key.getAlgorithm());
                    mac.init(key);
                    yield mac.doFinal(new byte[16]);
                }
            };
            return HexFormat.of().withUpperCase().formatHex(out, 0, 3);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no check value for a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    private static byte[] ecb(String transformation, SecretKey key, byte[] block) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(transformation);
        c.init(Cipher.ENCRYPT_MODE, key);
        return c.doFinal(block);
    }

    /** Double-length TDES keys (K1 K2) as the JCE wants them (K1 K2 K1). */
    static final class Tdes {
        private Tdes() {}

        static SecretKey key24(byte[] k) {
            if (k.length == 24) return new SecretKeySpec(k, "DESede");
            if (k.length != 16) throw new IllegalArgumentException("a TDES key is 16 or 24 bytes, got " + k.length);
            byte[] k24 = new byte[24];
            System.arraycopy(k, 0, k24, 0, 16);
            System.arraycopy(k, 0, k24, 16, 8);
            return new SecretKeySpec(k24, "DESede");
        }
    }
}
