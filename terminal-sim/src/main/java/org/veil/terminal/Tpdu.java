package org.veil.terminal;

import java.util.HexFormat;

/**
 * The 5-byte TPDU that precedes every TERMINAL message: {@code 60}, destination NII (2 bytes),
 * source NII (2 bytes). An answer carries the request's NIIs swapped.
 */
public record Tpdu(int destinationNii, int sourceNii) {
    public static final int ID = 0x60;
    public static final int LENGTH = 5;
    /** {@code 6000010000}: to NII 0001 from NII 0000, what a stand-alone POS sends by default. */
    public static final Tpdu DEFAULT = new Tpdu(0x0001, 0x0000);

    public Tpdu {
        if (destinationNii < 0 || destinationNii > 0xFFFF || sourceNii < 0 || sourceNii > 0xFFFF) {
            throw new IllegalArgumentException("NII must fit in 2 bytes");
        }
    }

    /** Ten hex digits, e.g. {@code 6000010000}. */
    public static Tpdu parse(String hex) {
        if (hex == null || hex.length() != 10 || !hex.startsWith("60")) {
            throw new IllegalArgumentException("TPDU must be 10 hex digits starting 60, got '" + hex + "'");
        }
        byte[] b = HexFormat.of().parseHex(hex);
        return of(b);
    }

    public static Tpdu of(byte[] b) {
        return new Tpdu(((b[1] & 0xFF) << 8) | (b[2] & 0xFF), ((b[3] & 0xFF) << 8) | (b[4] & 0xFF));
    }

    public Tpdu swapped() {
        return new Tpdu(sourceNii, destinationNii);
    }

    public byte[] bytes() {
        return new byte[] {(byte) ID, (byte) (destinationNii >> 8), (byte) destinationNii,
                (byte) (sourceNii >> 8), (byte) sourceNii};
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes());
    }
}
