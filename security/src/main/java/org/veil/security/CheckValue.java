package org.veil.security;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

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
}
