package org.veil.security;

import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Test helpers: keys from hex. */
final class Vectors {
    static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Vectors() {}

    static SecretKey tdes(String hex) {
        return new SecretKeySpec(HEX.parseHex(hex), "DESede");
    }

    static SecretKey aes(String hex) {
        return new SecretKeySpec(HEX.parseHex(hex), "AES");
    }

    static byte[] hex(String hex) {
        return HEX.parseHex(hex);
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }
}
