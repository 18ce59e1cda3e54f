package org.veil.cardswitch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jpos.iso.ISOBasePackager;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.veil.packagers.Dialect;

/**
 * A valid edge request packed by its dialect, kept as parts (MTI, bitmap, each field) so a
 * fuzzer can break one part and put the message back together. TERMINAL keeps its TPDU apart.
 */
final class PackedRequest {
    /** Part number of the MTI and of the bitmap(s); data fields are numbered as themselves. */
    static final int MTI = 0;
    static final int BITMAP = 1;

    final Dialect dialect;
    final byte[] tpdu;
    private final List<Integer> fields = new ArrayList<>();
    private final List<byte[]> parts = new ArrayList<>();

    private PackedRequest(Dialect dialect, byte[] tpdu) {
        this.dialect = dialect;
        this.tpdu = tpdu;
    }

    static PackedRequest of(Dialect dialect, byte[] tpdu, ISOMsg m) throws ISOException {
        m.setPackager(dialect.packager());
        byte[] whole = m.pack();
        ISOBasePackager p = (ISOBasePackager) dialect.packager();
        PackedRequest r = new PackedRequest(dialect, tpdu);
        byte[] mti = p.getFieldPackager(0).pack(m.getComponent(0));
        List<byte[]> data = new ArrayList<>();
        int dataLength = 0;
        for (int f = 2; f <= m.getMaxField(); f++) {
            if (f == 65 || !m.hasField(f)) continue;
            byte[] b = p.getFieldPackager(f).pack(m.getComponent(f));
            data.add(b);
            r.fields.add(f);
            dataLength += b.length;
        }
        byte[] bitmap = Arrays.copyOfRange(whole, mti.length, whole.length - dataLength);
        r.fields.add(0, BITMAP);
        r.fields.add(0, MTI);
        r.parts.add(mti);
        r.parts.add(bitmap);
        r.parts.addAll(data);
        if (!Arrays.equals(r.iso(), whole)) throw new IllegalStateException("parts do not add up to the packed message");
        return r;
    }

    private PackedRequest copy() {
        PackedRequest c = new PackedRequest(dialect, tpdu);
        c.fields.addAll(fields);
        for (byte[] b : parts) c.parts.add(b.clone());
        return c;
    }

    /** Part numbers in wire order: MTI, BITMAP, then the data fields. */
    List<Integer> partNumbers() {
        return List.copyOf(fields);
    }

    /** Data fields present. */
    TreeSet<Integer> dataFields() {
        TreeSet<Integer> s = new TreeSet<>(fields);
        s.remove(MTI);
        s.remove(BITMAP);
        return s;
    }

    boolean has(int part) {
        return fields.contains(part);
    }

    byte[] part(int part) {
        return parts.get(fields.indexOf(part)).clone();
    }

    /** The same request with one part's bytes replaced (the bitmap still says what it said). */
    PackedRequest with(int part, byte[] bytes) {
        PackedRequest c = copy();
        c.parts.set(fields.indexOf(part), bytes.clone());
        return c;
    }

    /** The ISO 8583 message without the TPDU. */
    byte[] iso() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : parts) out.writeBytes(b);
        return out.toByteArray();
    }

    /** What follows the length prefix: TPDU (TERMINAL) and message. */
    byte[] message() {
        return concat(tpdu == null ? new byte[0] : tpdu, iso());
    }

    /** The same request with one part's bytes gone (the bitmap still announces it). */
    PackedRequest without(int part) {
        PackedRequest c = copy();
        int i = fields.indexOf(part);
        c.parts.remove(i);
        c.fields.remove(i);
        return c;
    }

    /**
     * A bitmap part in this dialect's coding announcing these fields: 16 bytes when one is above
     * 64, else 8, with bit 1 set anyway when {@code bit1} (a secondary bitmap that is not there).
     */
    byte[] bitmapOf(Set<Integer> announced, boolean bit1) {
        boolean secondary = announced.stream().anyMatch(f -> f > 64);
        byte[] b = new byte[secondary ? 16 : 8];
        if (secondary || bit1) b[0] |= (byte) 0x80;
        for (int f : announced) {
            if (f > 1 && f != 65) b[(f - 1) / 8] |= (byte) (0x80 >>> ((f - 1) % 8));
        }
        return dialect == Dialect.TERMINAL ? b : ISOUtil.hexString(b).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
