package org.veil.storage.redo;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Clob;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What one transaction did to its rows, in the order it did it: for each row written, the table and either the row as
 * it is now (insert or update: every column) or, for a delete, its primary key. Replaying an image sets the row to
 * it, so replaying a transaction twice, or over a database that already holds it, changes nothing.
 */
final class RowImages {
    static final byte UPSERT = 'U';
    static final byte DELETE = 'D';

    private static final byte NULL = 0, LONG = 1, INT = 2, STRING = 3, BYTES = 4, BOOLEAN = 5, DATE = 6, DECIMAL = 7,
            SHORT = 8, DOUBLE = 9;

    /** One row as replay sees it. */
    record Image(String table, byte op, Object[] values) {}

    private final Bytes bytes = new Bytes();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private int count;
    private boolean broken;

    /** Records the row a trigger saw: {@code newRow} null is a delete, identified by {@code keyColumns} of {@code oldRow}. */
    void add(String table, Object[] oldRow, Object[] newRow, int[] keyColumns) throws SQLException {
        try {
            out.writeUTF(table);
            if (newRow != null) {
                out.writeByte(UPSERT);
                out.writeShort(newRow.length);
                for (Object v : newRow) write(table, v);
            } else {
                out.writeByte(DELETE);
                out.writeShort(keyColumns.length);
                for (int k : keyColumns) write(table, oldRow[k]);
            }
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    /** Where the images stand now: give it to {@link #truncate} to forget what a failed statement added after it. */
    long mark() {
        return ((long) count << 32) | bytes.size();
    }

    void truncate(long mark) {
        count = (int) (mark >>> 32);
        bytes.truncate((int) mark);
    }

    /** A statement failed part-way in a way that cannot be undone here (a batch): the transaction may not commit. */
    void markBroken() {
        broken = true;
    }

    boolean broken() {
        return broken;
    }

    boolean isEmpty() {
        return count == 0;
    }

    byte[] buffer() {
        return bytes.buffer();
    }

    int length() {
        return bytes.size();
    }

    private void write(String table, Object v) throws IOException, SQLException {
        switch (v) {
            case null -> out.writeByte(NULL);
            case Long l -> { out.writeByte(LONG); out.writeLong(l); }
            case Integer i -> { out.writeByte(INT); out.writeInt(i); }
            case Short s -> { out.writeByte(SHORT); out.writeShort(s); }
            case Boolean b -> { out.writeByte(BOOLEAN); out.writeBoolean(b); }
            case Double d -> { out.writeByte(DOUBLE); out.writeDouble(d); }
            case String s -> { out.writeByte(STRING); writeBytes(s.getBytes(StandardCharsets.UTF_8)); }
            case byte[] b -> { out.writeByte(BYTES); writeBytes(b); }
            case Clob c -> { out.writeByte(STRING); writeBytes(c.getSubString(1, (int) c.length()).getBytes(StandardCharsets.UTF_8)); }
            case LocalDate d -> { out.writeByte(DATE); out.writeLong(d.toEpochDay()); }
            case java.sql.Date d -> { out.writeByte(DATE); out.writeLong(d.toLocalDate().toEpochDay()); }
            case BigDecimal d -> { out.writeByte(DECIMAL); out.writeInt(d.scale()); writeBytes(d.unscaledValue().toByteArray()); }
            default -> throw new SQLException("the redo log cannot record a " + v.getClass().getName() + " (table " + table + ")");
        }
    }

    private void writeBytes(byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    /** The images of one logged transaction, read back. */
    static List<Image> read(byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(body));
        List<Image> images = new ArrayList<>();
        while (in.available() > 0) {
            String table = in.readUTF();
            byte op = in.readByte();
            if (op != UPSERT && op != DELETE) throw new IOException("unknown row operation " + op + " for " + table);
            Object[] values = new Object[in.readUnsignedShort()];
            for (int i = 0; i < values.length; i++) values[i] = readValue(in);
            images.add(new Image(table, op, values));
        }
        return images;
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case SHORT -> in.readShort();
            case BOOLEAN -> in.readBoolean();
            case DOUBLE -> in.readDouble();
            case STRING -> new String(readBytes(in), StandardCharsets.UTF_8);
            case BYTES -> readBytes(in);
            case DATE -> LocalDate.ofEpochDay(in.readLong());
            case DECIMAL -> {
                int scale = in.readInt();
                yield new BigDecimal(new BigInteger(readBytes(in)), scale);
            }
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    /** A byte array stream that can give back its buffer and be cut short. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(512);
        }

        byte[] buffer() {
            return buf;
        }

        void truncate(int size) {
            count = size;
        }
    }
}
