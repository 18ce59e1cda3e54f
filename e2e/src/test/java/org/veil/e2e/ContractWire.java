package org.veil.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ISO 8583 codec written from CONTRACT.md alone, with no jPOS: what a third-party client
 * would write. It knows only the contract's fields, which is all the switch may send back.
 */
final class ContractWire {
    enum Kind { N, AN, LLNUM, LLZ, LLLAN, B8, LLLB }

    record Spec(Kind kind, int length) {}

    static final Map<Integer, Spec> FIELDS = new HashMap<>();

    static {
        FIELDS.put(2, new Spec(Kind.LLNUM, 19));
        FIELDS.put(3, new Spec(Kind.N, 6));
        FIELDS.put(4, new Spec(Kind.N, 12));
        FIELDS.put(7, new Spec(Kind.N, 10));
        FIELDS.put(11, new Spec(Kind.N, 6));
        FIELDS.put(12, new Spec(Kind.N, 6));
        FIELDS.put(13, new Spec(Kind.N, 4));
        FIELDS.put(14, new Spec(Kind.N, 4));
        FIELDS.put(18, new Spec(Kind.N, 4));
        FIELDS.put(22, new Spec(Kind.N, 3));
        FIELDS.put(25, new Spec(Kind.N, 2));
        FIELDS.put(35, new Spec(Kind.LLZ, 37));
        FIELDS.put(37, new Spec(Kind.AN, 12));
        FIELDS.put(38, new Spec(Kind.AN, 6));
        FIELDS.put(39, new Spec(Kind.AN, 2));
        FIELDS.put(41, new Spec(Kind.AN, 8));
        FIELDS.put(42, new Spec(Kind.AN, 15));
        FIELDS.put(43, new Spec(Kind.AN, 40));
        FIELDS.put(48, new Spec(Kind.LLLAN, 999));
        FIELDS.put(49, new Spec(Kind.AN, 3));
        FIELDS.put(52, new Spec(Kind.B8, 8));
        FIELDS.put(54, new Spec(Kind.LLLAN, 120));
        FIELDS.put(55, new Spec(Kind.LLLB, 255));
        FIELDS.put(64, new Spec(Kind.B8, 8));
        FIELDS.put(70, new Spec(Kind.N, 3));
        FIELDS.put(90, new Spec(Kind.N, 42));
    }

    private ContractWire() {}

    // ---------- TERMINAL: BCD numerics, binary bitmap, 2-byte length + TPDU ----------

    static byte[] terminalFrame(byte[] tpdu, String mti, Map<Integer, String> fields) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(tpdu);
        body.writeBytes(bcd(mti, false));
        body.writeBytes(bitmap(fields));
        for (var e : new TreeMap<>(fields).entrySet()) {
            Spec s = FIELDS.get(e.getKey());
            String v = e.getValue();
            switch (s.kind()) {
                case N -> body.writeBytes(bcd(v, false));
                case AN -> body.writeBytes(pad(v, s.length()).getBytes(StandardCharsets.US_ASCII));
                case LLNUM, LLZ -> {
                    body.writeBytes(bcd(String.format("%02d", v.length()), false));
                    body.writeBytes(bcd(v.replace('=', 'D'), true));
                }
                case LLLAN -> {
                    body.writeBytes(bcd(String.format("%04d", v.length()), false));
                    body.writeBytes(v.getBytes(StandardCharsets.US_ASCII));
                }
                default -> throw new IllegalArgumentException("not used by these tests: field " + e.getKey());
            }
        }
        byte[] b = body.toByteArray();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(b.length >> 8);
        frame.write(b.length & 0xFF);
        frame.writeBytes(b);
        return frame.toByteArray();
    }

    record Answer(byte[] tpdu, String mti, Map<Integer, String> fields) {}

    static Answer readTerminalFrame(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int len = d.readUnsignedShort();
        byte[] b = d.readNBytes(len);
        if (b.length != len) throw new IOException("short frame");
        int[] pos = {5};
        byte[] tpdu = java.util.Arrays.copyOf(b, 5);
        String mti = unbcd(b, pos, 4);
        boolean[] present = readBitmap(b, pos, false);
        Map<Integer, String> out = new TreeMap<>();
        for (int f = 2; f < present.length; f++) {
            if (!present[f]) continue;
            Spec s = FIELDS.get(f);
            if (s == null) throw new IOException("answer carries field " + f + ", which CONTRACT.md does not define");
            String v = switch (s.kind()) {
                case N -> unbcd(b, pos, s.length());
                case AN -> ascii(b, pos, s.length());
                case LLNUM, LLZ -> unbcd(b, pos, Integer.parseInt(unbcd(b, pos, 2)), true).replace('D', '=');
                case LLLAN -> ascii(b, pos, Integer.parseInt(unbcd(b, pos, 4)));
                case B8 -> hex(b, pos, 8);
                case LLLB -> hex(b, pos, Integer.parseInt(unbcd(b, pos, 4)));
            };
            out.put(f, v);
        }
        if (pos[0] != b.length) throw new IOException("frame has " + (b.length - pos[0]) + " bytes after the last field");
        return new Answer(tpdu, mti, out);
    }

    // ---------- VAN: all ASCII, hex bitmap, 4-digit length ----------

    static byte[] vanFrame(String mti, Map<Integer, String> fields) {
        StringBuilder sb = new StringBuilder(mti);
        for (byte x : bitmap(fields)) sb.append(String.format("%02X", x & 0xFF));
        for (var e : new TreeMap<>(fields).entrySet()) {
            Spec s = FIELDS.get(e.getKey());
            String v = e.getValue();
            switch (s.kind()) {
                case N -> sb.append(v);
                case AN -> sb.append(pad(v, s.length()));
                case LLNUM, LLZ -> sb.append(String.format("%02d", v.length())).append(v);
                case LLLAN -> sb.append(String.format("%03d", v.length())).append(v);
                default -> throw new IllegalArgumentException("not used by these tests: field " + e.getKey());
            }
        }
        return (String.format("%04d", sb.length()) + sb).getBytes(StandardCharsets.ISO_8859_1);
    }

    static Answer readVanFrame(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] lenBytes = d.readNBytes(4);
        int len = Integer.parseInt(new String(lenBytes, StandardCharsets.US_ASCII));
        byte[] b = d.readNBytes(len);
        int[] pos = {0};
        String mti = ascii(b, pos, 4);
        boolean[] present = readBitmap(b, pos, true);
        Map<Integer, String> out = new TreeMap<>();
        for (int f = 2; f < present.length; f++) {
            if (!present[f]) continue;
            Spec s = FIELDS.get(f);
            if (s == null) throw new IOException("answer carries field " + f + ", which CONTRACT.md does not define");
            String v = switch (s.kind()) {
                case N, AN -> ascii(b, pos, s.length());
                case LLNUM, LLZ -> ascii(b, pos, Integer.parseInt(ascii(b, pos, 2)));
                case LLLAN -> ascii(b, pos, Integer.parseInt(ascii(b, pos, 3)));
                case B8 -> ascii(b, pos, 16);
                case LLLB -> hex(b, pos, Integer.parseInt(ascii(b, pos, 3)));
            };
            out.put(f, v);
        }
        if (pos[0] != b.length) throw new IOException("frame has " + (b.length - pos[0]) + " bytes after the last field");
        return new Answer(null, mti, out);
    }

    // ---------- pieces ----------

    private static byte[] bitmap(Map<Integer, String> fields) {
        boolean secondary = fields.keySet().stream().anyMatch(f -> f > 64);
        byte[] bm = new byte[secondary ? 16 : 8];
        if (secondary) bm[0] |= (byte) 0x80;
        for (int f : fields.keySet()) bm[(f - 1) / 8] |= (byte) (0x80 >> ((f - 1) % 8));
        return bm;
    }

    private static boolean[] readBitmap(byte[] b, int[] pos, boolean hex) {
        byte[] first = hex ? unhex(ascii(b, pos, 16)) : java.util.Arrays.copyOfRange(b, pos[0], pos[0] += 8);
        boolean secondary = (first[0] & 0x80) != 0;
        byte[] bm = first;
        if (secondary) {
            byte[] second = hex ? unhex(ascii(b, pos, 16)) : java.util.Arrays.copyOfRange(b, pos[0], pos[0] += 8);
            bm = new byte[16];
            System.arraycopy(first, 0, bm, 0, 8);
            System.arraycopy(second, 0, bm, 8, 8);
        }
        boolean[] present = new boolean[bm.length * 8 + 1];
        for (int f = 2; f < present.length; f++) present[f] = (bm[(f - 1) / 8] & (0x80 >> ((f - 1) % 8))) != 0;
        return present;
    }

    /** Digits as BCD; an odd count gets a 0 nibble on the left, or on the right for LLVAR digits. */
    private static byte[] bcd(String digits, boolean padRight) {
        String d = digits.length() % 2 == 0 ? digits : padRight ? digits + "0" : "0" + digits;
        byte[] out = new byte[d.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((Character.digit(d.charAt(2 * i), 16) << 4) | Character.digit(d.charAt(2 * i + 1), 16));
        }
        return out;
    }

    /** n BCD digits; for odd n of a fixed field the pad nibble is the first, for LLVAR the last. */
    private static String unbcd(byte[] b, int[] pos, int digits) {
        return unbcd(b, pos, digits, false);
    }

    private static String unbcd(byte[] b, int[] pos, int digits, boolean padRight) {
        int bytes = (digits + 1) / 2;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes; i++) sb.append(String.format("%02X", b[pos[0] + i] & 0xFF));
        pos[0] += bytes;
        if (sb.length() == digits) return sb.toString();
        return padRight ? sb.substring(0, digits) : sb.substring(1);
    }

    private static String ascii(byte[] b, int[] pos, int n) {
        String s = new String(b, pos[0], n, StandardCharsets.ISO_8859_1);
        pos[0] += n;
        return s;
    }

    private static String hex(byte[] b, int[] pos, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(String.format("%02X", b[pos[0] + i] & 0xFF));
        pos[0] += n;
        return sb.toString();
    }

    private static byte[] unhex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    private static String pad(String v, int n) {
        return v.length() >= n ? v.substring(0, n) : v + " ".repeat(n - v.length());
    }
}
