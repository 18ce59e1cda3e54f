package org.veil.cardswitch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.jpos.iso.ISOBasePackager;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.veil.packagers.Dialect;

/**
 * Fuzzed edge input of one dialect, from one seeded Random so a run can be replayed. Every
 * frame starts from a valid request (purchase, authorization by track 2, reversal, echo) that
 * the dialect's own packager packed, then breaks one thing in it.
 */
final class FuzzFrames {
    /** The fuzzer's card: its own, so no other test's PAN checks see it. */
    static final String PAN = EdgeClient.panOf("999900000000088");
    /** The ports' max-packet-length (cfg/switch/deploy/50_terminal_server.xml, 51_van_server.xml). */
    static final int TERMINAL_MAX = 4096;
    static final int VAN_MAX = 8192;
    private static final int[] NUMERIC = {2, 3, 4, 7, 11, 12, 13, 22, 25, 70, 90};
    private static final int[] FIXED = {3, 4, 7, 11, 12, 13, 22, 25, 37, 41, 42, 43, 49, 70, 90};
    private static final String[] ODD_MTIS = {"0300", "0500", "0600", "0900", "0110", "0130", "0210", "0410", "0810",
            "1200", "2200", "2100", "0240", "0980", "0202", "0102", "0422", "0804", "0000", "9999", "0190"};
    private static final String NOT_DIGITS = "ABCDEFXYZabcxyz -+.:/*#\u00e9\u0000";

    private final Dialect dialect;
    private final Random r;

    FuzzFrames(Dialect dialect, long seed) {
        this.dialect = dialect;
        this.r = new Random(seed);
    }

    /** The categories that apply to this dialect. */
    static List<FuzzCategory> categories(Dialect d, boolean closing) {
        List<FuzzCategory> l = new ArrayList<>();
        for (FuzzCategory c : FuzzCategory.values()) {
            if (c.closing != closing) continue;
            if (c == FuzzCategory.BAD_BCD && d != Dialect.TERMINAL) continue;
            if (c == FuzzCategory.NON_NUMERIC_FIELD && d != Dialect.VAN) continue;
            l.add(c);
        }
        return l;
    }

    int nextInt(int bound) {
        return r.nextInt(bound);
    }

    FuzzFrame next(FuzzCategory c) throws ISOException {
        return switch (c) {
            case RANDOM_STREAM -> randomStream();
            case TRUNCATED_LENGTH -> closing(c, truncatedLength(), true);
            case OVERSIZED_LENGTH -> oversizedLength();
            case LENGTH_ABOVE_MAX -> closing(c, aboveMax(), false);
            case UNREADABLE_LENGTH -> closing(c, unreadableLength(), false);
            case RANDOM_FRAME -> randomFrame();
            case BAD_BCD -> badBcd();
            case NON_NUMERIC_FIELD -> nonNumericField();
            case NON_NUMERIC_AMOUNT -> nonNumericAmount();
            case ABSENT_FIELDS -> absentFields();
            case FIELD_TOO_LONG -> fieldTooLong();
            case UNKNOWN_MTI -> unknownMti();
            case TRAILING_BYTES -> framed(c, PackedRequest.concat(valid().message(), bytes(1 + r.nextInt(30))), false);
            case MUTATED_FIELD -> mutatedField();
        };
    }

    /** A valid request of a random kind, on a load-test terminal (LT...) so no other test's keys collide. */
    PackedRequest valid() throws ISOException {
        ISOMsg m = new ISOMsg();
        String stan = digits(6);
        String f7 = String.format("%02d%02d%02d%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60));
        m.set(7, f7);
        m.set(11, stan);
        int kind = r.nextInt(5);
        if (kind == 4) {
            m.setMTI("0800");
            m.set(70, "301");
        } else {
            m.setMTI(kind == 2 ? "0100" : kind == 3 ? "0400" : "0200");
            if (kind == 2) {
                m.set(35, PAN + "=2912101" + digits(10));
                m.set(43, String.format("%-40s", "Veil Fuzz Shop"));
                m.set(48, "PA001Y");
            } else {
                m.set(2, PAN);
            }
            m.set(3, "000000");
            m.set(4, ISOUtil.zeropad(1 + r.nextInt(50_000), 12));
            m.set(12, String.format("%02d%02d%02d", r.nextInt(24), r.nextInt(60), r.nextInt(60)));
            m.set(13, f7.substring(0, 4));
            m.set(22, kind == 2 ? "902" : "012");
            m.set(25, "00");
            m.set(37, "FZ" + digits(10));
            m.set(41, "LT" + digits(6));
            m.set(42, "LOADTEST0000001");
            m.set(49, "840");
            if (kind == 3) m.set(90, "0200" + digits(6) + f7 + "0".repeat(22));
        }
        byte[] tpdu = dialect == Dialect.TERMINAL ? new byte[] {0x60, b(), b(), b(), b()} : null;
        return PackedRequest.of(dialect, tpdu, m);
    }

    /** An 0800 echo: what a fuzzing session sends to prove a silent frame got no answer. */
    static byte[] echo(Dialect d, String stan) throws ISOException {
        ISOMsg m = new ISOMsg("0800");
        m.set(7, "0101000000");
        m.set(11, stan);
        m.set(70, "301");
        return PackedRequest.of(d, d == Dialect.TERMINAL ? ISOUtil.hex2byte("6000120034") : null, m).message();
    }

    private FuzzFrame framed(FuzzCategory c, byte[] message, boolean brokenFormat) {
        FuzzFrame.Expect e = WireOracle.expect(dialect, message, brokenFormat);
        return new FuzzFrame(c, RawEdge.framed(dialect, message), false, e, WireOracle.mti(dialect, WireOracle.iso(dialect, message)));
    }

    private FuzzFrame closing(FuzzCategory c, byte[] bytes, boolean endOfStream) {
        return new FuzzFrame(c, bytes, endOfStream, FuzzFrame.Expect.CLOSE, null);
    }

    private FuzzFrame randomStream() {
        byte[] b = new byte[0];
        // half the time a few framed random messages come first, so some of the stream can be answered
        for (int n = r.nextBoolean() ? 1 + r.nextInt(4) : 0; n > 0; n--) b = PackedRequest.concat(b, randomFrame().bytes());
        byte[] tail = bytes(1 + r.nextInt(1500));
        // and half the time the tail is a frame that never ends, so the switch reads on until the stream does
        if (r.nextBoolean()) tail = PackedRequest.concat(RawEdge.prefix(dialect, tail.length + 5 + r.nextInt(100)), tail);
        b = PackedRequest.concat(b, tail);
        return new FuzzFrame(FuzzCategory.RANDOM_STREAM, b, true, FuzzFrame.Expect.ANSWERS_THEN_CLOSE, null);
    }

    private byte[] truncatedLength() {
        byte[] p = RawEdge.prefix(dialect, 20 + r.nextInt(200));
        return Arrays.copyOf(p, 1 + r.nextInt(p.length - 1));
    }

    private FuzzFrame oversizedLength() throws ISOException {
        byte[] message = valid().message();
        int max = dialect == Dialect.TERMINAL ? TERMINAL_MAX : VAN_MAX;
        int announced = message.length + 1 + r.nextInt(Math.min(600, max - message.length));
        return closing(FuzzCategory.OVERSIZED_LENGTH, PackedRequest.concat(RawEdge.prefix(dialect, announced), message), true);
    }

    private byte[] aboveMax() {
        int len = dialect == Dialect.TERMINAL ? TERMINAL_MAX + 1 + r.nextInt(65_535 - TERMINAL_MAX) : VAN_MAX + 1 + r.nextInt(9_999 - VAN_MAX);
        byte[] p = dialect == Dialect.TERMINAL ? new byte[] {(byte) (len >> 8), (byte) len} : String.valueOf(len).getBytes(StandardCharsets.US_ASCII);
        return PackedRequest.concat(p, bytes(r.nextInt(64)));
    }

    private byte[] unreadableLength() throws ISOException {
        byte[] p;
        if (dialect == Dialect.TERMINAL) {
            p = PackedRequest.concat(new byte[] {0, (byte) (1 + r.nextInt(4))}, bytes(4));
        } else {
            String[] known = {"-001", "+123", " 123", "12X4", "0x10", "1e3 ", "\u00000100"};
            String s = r.nextBoolean() ? known[r.nextInt(known.length)] : digits(4);
            char[] cs = s.toCharArray();
            if (s.chars().allMatch(Character::isDigit)) cs[r.nextInt(4)] = NOT_DIGITS.charAt(r.nextInt(NOT_DIGITS.length()));
            p = new String(cs).getBytes(StandardCharsets.ISO_8859_1);
        }
        return PackedRequest.concat(p, valid().message());
    }

    private FuzzFrame randomFrame() {
        int n = r.nextInt(20) == 0 ? 0 : 1 + r.nextInt(300);
        byte[] iso = bytes(n);
        if (n >= 4 && r.nextBoolean()) { // a request MTI in front, so most of these are answered 30
            String mti = List.copyOf(WireOracle.CONTRACT_MTIS).get(r.nextInt(WireOracle.CONTRACT_MTIS.size()));
            byte[] m = mtiBytes(mti);
            System.arraycopy(m, 0, iso, 0, m.length);
        }
        byte[] message = dialect == Dialect.TERMINAL && n > 0 ? PackedRequest.concat(new byte[] {0x60, b(), b(), b(), b()}, iso) : iso;
        return framed(FuzzCategory.RANDOM_FRAME, message, false);
    }

    private FuzzFrame badBcd() throws ISOException {
        PackedRequest v = valid();
        List<Integer> targets = new ArrayList<>();
        for (int f : NUMERIC) if (v.has(f)) targets.add(f);
        int part = r.nextInt(10) == 0 ? PackedRequest.MTI : targets.get(r.nextInt(targets.size()));
        byte[] b = v.part(part);
        int digits = part == PackedRequest.MTI ? 4 : part == 2 ? 2 * (b.length - 1) : fixedLength(part);
        int first = part == 2 ? 2 : 2 * b.length - digits; // LL byte of field 2, left pad nibble of odd fixed fields
        int nibble = part == 2 && r.nextInt(5) == 0 ? r.nextInt(2) : first + r.nextInt(digits); // sometimes the LL byte
        setNibble(b, nibble, 0xA + r.nextInt(6));
        return framed(FuzzCategory.BAD_BCD, v.with(part, b).message(), true);
    }

    private FuzzFrame nonNumericField() throws ISOException {
        PackedRequest v = valid();
        List<Integer> targets = new ArrayList<>();
        for (int f : NUMERIC) if (v.has(f)) targets.add(f);
        int part = r.nextInt(10) == 0 ? PackedRequest.MTI : targets.get(r.nextInt(targets.size()));
        byte[] b = v.part(part);
        int from = part == 2 ? 2 : 0; // after the LL digits
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) b[from + r.nextInt(b.length - from)] = (byte) NOT_DIGITS.charAt(r.nextInt(NOT_DIGITS.length()));
        return framed(FuzzCategory.NON_NUMERIC_FIELD, v.with(part, b).message(), true);
    }

    private FuzzFrame nonNumericAmount() throws ISOException {
        PackedRequest v = valid();
        while (!v.has(4)) v = valid();
        byte[] b = v.part(4);
        if (dialect == Dialect.TERMINAL) {
            for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) setNibble(b, r.nextInt(12), 0xA + r.nextInt(6));
        } else {
            String[] known = {"12AB00000000", "-00000001250", "         125", "0000000012.5", "1,250.000000", "0000000O1250", "+00000001250"};
            String s = r.nextBoolean() ? known[r.nextInt(known.length)] : null;
            if (s == null) {
                char[] cs = new String(b, StandardCharsets.ISO_8859_1).toCharArray();
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) cs[r.nextInt(12)] = NOT_DIGITS.charAt(r.nextInt(NOT_DIGITS.length()));
                s = new String(cs);
            }
            b = s.getBytes(StandardCharsets.ISO_8859_1);
        }
        return framed(FuzzCategory.NON_NUMERIC_AMOUNT, v.with(4, b).message(), true);
    }

    private FuzzFrame absentFields() throws ISOException {
        PackedRequest v = valid();
        TreeSet<Integer> present = v.dataFields();
        TreeSet<Integer> announced = new TreeSet<>(present);
        // bit 1 alone announces a secondary bitmap that is not there; else 1 to 3 fields that are not there
        boolean bit1 = present.last() <= 64 && r.nextInt(6) == 0;
        for (int n = bit1 ? 0 : 1 + r.nextInt(3); announced.size() < present.size() + n; ) {
            announced.add(r.nextInt(4) == 0 ? 66 + r.nextInt(63) : 2 + r.nextInt(63));
        }
        return framed(FuzzCategory.ABSENT_FIELDS, v.with(PackedRequest.BITMAP, v.bitmapOf(announced, bit1)).message(), false);
    }

    private FuzzFrame fieldTooLong() throws ISOException {
        PackedRequest v = valid();
        int choice = r.nextInt(3);
        if (choice == 0 && v.has(2)) return framed(FuzzCategory.FIELD_TOO_LONG, v.with(2, llDigits(20 + r.nextInt(80))).message(), false);
        if (choice == 0 && v.has(35)) return framed(FuzzCategory.FIELD_TOO_LONG, v.with(35, llDigits(38 + r.nextInt(62))).message(), false);
        if (choice == 1 && v.has(48) && dialect == Dialect.TERMINAL) { // 2 BCD bytes of length can say 1000 and more
            int n = 1000 + r.nextInt(500);
            byte[] data = "PA001Y".repeat(n / 6 + 1).substring(0, n).getBytes(StandardCharsets.US_ASCII);
            return framed(FuzzCategory.FIELD_TOO_LONG, v.with(48, PackedRequest.concat(ISOUtil.str2bcd(ISOUtil.zeropad(n, 4), true), data)).message(), false);
        }
        List<Integer> fixed = new ArrayList<>();
        for (int f : FIXED) if (v.has(f)) fixed.add(f);
        int f = fixed.get(r.nextInt(fixed.size()));
        byte[] extra = dialect == Dialect.TERMINAL ? bytes(1 + r.nextInt(4)) : digits(1 + r.nextInt(4)).getBytes(StandardCharsets.US_ASCII);
        return framed(FuzzCategory.FIELD_TOO_LONG, v.with(f, PackedRequest.concat(v.part(f), extra)).message(), false);
    }

    private FuzzFrame unknownMti() throws ISOException {
        PackedRequest v = valid();
        String mti;
        do {
            mti = r.nextBoolean() ? ODD_MTIS[r.nextInt(ODD_MTIS.length)] : digits(4);
        } while (WireOracle.CONTRACT_MTIS.contains(mti));
        byte[] m = mtiBytes(mti);
        if (dialect == Dialect.VAN && r.nextInt(8) == 0) m[r.nextInt(4)] = (byte) NOT_DIGITS.charAt(r.nextInt(NOT_DIGITS.length()));
        return framed(FuzzCategory.UNKNOWN_MTI, v.with(PackedRequest.MTI, m).message(), false);
    }

    private FuzzFrame mutatedField() throws ISOException {
        PackedRequest v = valid();
        List<Integer> parts = v.partNumbers();
        int roll = r.nextInt(20);
        int part = roll == 0 ? PackedRequest.MTI : roll < 3 ? PackedRequest.BITMAP : parts.get(2 + r.nextInt(parts.size() - 2));
        byte[] b = v.part(part);
        PackedRequest mutated = switch (r.nextInt(5)) {
            case 0 -> v.with(part, bytes(b.length)); // same length, random content
            case 1 -> v.with(part, bytes(r.nextInt(2 * b.length + 3))); // random length
            case 2 -> { // a few bits flipped
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                yield v.with(part, b);
            }
            case 3 -> v.without(part); // gone, though the bitmap still announces it
            default -> { // one printable character or byte swapped for another: often still well-formed
                b[r.nextInt(b.length)] = (byte) (dialect == Dialect.VAN ? 0x20 + r.nextInt(95) : r.nextInt(256));
                yield v.with(part, b);
            }
        };
        return framed(FuzzCategory.MUTATED_FIELD, mutated.message(), false);
    }

    /** An LL numeric field of n digits, with its length prefix, however long n is. */
    private byte[] llDigits(int n) {
        String d = digits(n);
        if (dialect == Dialect.VAN) return (ISOUtil.zeropad(n, 2) + d).getBytes(StandardCharsets.US_ASCII);
        return PackedRequest.concat(ISOUtil.str2bcd(ISOUtil.zeropad(n, 2), true), ISOUtil.str2bcd(d, false));
    }

    private byte[] mtiBytes(String mti) {
        return dialect == Dialect.TERMINAL ? ISOUtil.str2bcd(mti, true) : mti.getBytes(StandardCharsets.US_ASCII);
    }

    /** Digits of a fixed numeric field, from its packager. */
    private int fixedLength(int field) {
        return ((ISOBasePackager) dialect.packager()).getFieldPackager(field).getLength();
    }

    private static void setNibble(byte[] b, int nibble, int value) {
        int i = nibble / 2;
        b[i] = (byte) (nibble % 2 == 0 ? (b[i] & 0x0F) | (value << 4) : (b[i] & 0xF0) | value);
    }

    private String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) s.append((char) ('0' + r.nextInt(10)));
        return s.toString();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private byte b() {
        return (byte) r.nextInt(256);
    }
}
