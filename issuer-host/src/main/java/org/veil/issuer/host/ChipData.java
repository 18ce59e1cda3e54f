package org.veil.issuer.host;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Field 55 (EMV chip data, BER-TLV): finds the track 2 equivalent data (tag 57) among its data objects, descending
 * into constructed ones. Tags of one or more bytes, lengths in short or long form; 00 and FF between objects are padding.
 */
final class ChipData {
    private static final int TRACK2_EQUIVALENT = 0x57;

    private ChipData() {}

    /** Tag 57 as hex text (PAN, D, expiry, service code, discretionary, F padding), or null when absent. */
    static String track2Equivalent(byte[] field55) throws MalformedRequest {
        byte[] value = find(field55, 0, field55.length, 0);
        return value == null ? null : HexFormat.of().withUpperCase().formatHex(value);
    }

    private static byte[] find(byte[] b, int from, int to, int depth) throws MalformedRequest {
        if (depth > 4) throw new MalformedRequest("field 55 nests data objects too deeply");
        int i = from;
        while (i < to) {
            if ((b[i] & 0xFF) == 0x00 || (b[i] & 0xFF) == 0xFF) {
                i++;
                continue;
            }
            int first = b[i] & 0xFF;
            int tag = first;
            i++;
            if ((first & 0x1F) == 0x1F) { // more tag bytes follow, each with bit 8 set but the last
                int more = 0;
                boolean last;
                do {
                    if (i >= to || ++more > 3) throw new MalformedRequest("field 55 is not BER-TLV (bad tag)");
                    last = (b[i] & 0x80) == 0;
                    tag = (tag << 8) | (b[i++] & 0xFF);
                } while (!last);
            }
            if (i >= to) throw new MalformedRequest("field 55 is not BER-TLV (no length)");
            int len = b[i++] & 0xFF;
            if (len > 0x80) {
                int n = len & 0x7F;
                if (n > 2 || i + n > to) throw new MalformedRequest("field 55 is not BER-TLV (bad length)");
                len = 0;
                for (int k = 0; k < n; k++) len = (len << 8) | (b[i++] & 0xFF);
            } else if (len == 0x80) {
                throw new MalformedRequest("field 55 is not BER-TLV (indefinite length)");
            }
            if (i + len > to) throw new MalformedRequest("field 55 is not BER-TLV (value runs past the end)");
            if (tag == TRACK2_EQUIVALENT) return Arrays.copyOfRange(b, i, i + len);
            if ((first & 0x20) != 0) {
                byte[] inner = find(b, i, i + len, depth + 1);
                if (inner != null) return inner;
            }
            i += len;
        }
        return null;
    }
}
