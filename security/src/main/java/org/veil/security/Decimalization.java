package org.veil.security;

import java.util.HexFormat;

/** The Visa way to turn a cipher block into digits (PVV and CVV): its decimal nibbles in order, then its A-F nibbles minus 10. */
final class Decimalization {
    private Decimalization() {}

    static String visa(byte[] block, int count) {
        String hex = HexFormat.of().withUpperCase().formatHex(block);
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < hex.length() && out.length() < count; i++) {
            if (Character.isDigit(hex.charAt(i))) out.append(hex.charAt(i));
        }
        for (int i = 0; i < hex.length() && out.length() < count; i++) {
            if (!Character.isDigit(hex.charAt(i))) out.append((char) ('0' + hex.charAt(i) - 'A'));
        }
        return out.toString();
    }

    /** Packs an even number of decimal (or hex) digits into bytes. */
    static byte[] pack(String hexDigits) {
        return HexFormat.of().parseHex(hexDigits);
    }
}
