package org.veil.terminal.scenario;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import org.jpos.iso.ISOMsg;

/** ISO fields as scenario text: what goes on the wire, except binary fields, which are uppercase hex in both dialects. */
final class FieldText {
    static final Set<Integer> BINARY = Set.of(52, 55, 64);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private FieldText() {}

    /** The field's text, or null when the message does not have it. */
    static String read(ISOMsg m, int field) {
        if (!m.hasField(field)) return null;
        Object v = m.getValue(field);
        if (v instanceof byte[] b) return HEX.formatHex(b);
        String s = m.getString(field);
        // VAN carries field 55 as characters: its bytes are the chip data.
        return BINARY.contains(field) && s != null ? HEX.formatHex(s.getBytes(StandardCharsets.ISO_8859_1)) : s;
    }

    /** Sets the field from its text; IllegalArgumentException when a binary field is not hex. */
    static void write(ISOMsg m, int field, String text) {
        if (BINARY.contains(field)) {
            if (text.length() % 2 != 0 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("field " + field + " is binary: write it as an even number of hex digits");
            }
            m.set(field, HEX.parseHex(text));
        } else {
            m.set(field, text);
        }
    }
}
