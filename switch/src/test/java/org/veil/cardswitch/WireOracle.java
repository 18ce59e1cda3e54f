package org.veil.cardswitch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.Dialect;
import org.veil.packagers.Mti;

/**
 * What CONTRACT.md lets the switch do with a framed message, judged from its bytes the way a
 * third party would (the dialect's packager), and whether an answer's bytes are a proper answer.
 */
final class WireOracle {
    static final Set<String> CONTRACT_MTIS = Set.of(
            "0100", "0101", "0120", "0121", "0200", "0201", "0220", "0221", "0400", "0401", "0420", "0421", "0800");
    /** CONTRACT.md response codes, less 96: a system malfunction answer to bad input is a switch bug. */
    static final Set<String> CONTRACT_CODES = Set.of("00", "10", "03", "05", "12", "13", "14", "15", "25", "30", "41", "43",
            "51", "54", "55", "57", "61", "62", "63", "65", "75", "91", "94");
    private static final int TPDU = 5;

    private WireOracle() {}

    /** The ISO 8583 part of a message (TERMINAL: after the TPDU), or null when there is none. */
    static byte[] iso(Dialect d, byte[] message) {
        if (d != Dialect.TERMINAL) return message;
        return message.length < TPDU ? null : Arrays.copyOfRange(message, TPDU, message.length);
    }

    /** The MTI as 4 digits, or null when the first bytes are not one. */
    static String mti(Dialect d, byte[] iso) {
        if (iso == null) return null;
        StringBuilder s = new StringBuilder();
        if (d == Dialect.TERMINAL) {
            if (iso.length < 2) return null;
            for (int i = 0; i < 2; i++) {
                int hi = (iso[i] >> 4) & 0x0F, lo = iso[i] & 0x0F;
                if (hi > 9 || lo > 9) return null;
                s.append(hi).append(lo);
            }
        } else {
            if (iso.length < 4) return null;
            for (int i = 0; i < 4; i++) {
                if (iso[i] < '0' || iso[i] > '9') return null;
                s.append((char) iso[i]);
            }
        }
        return s.toString();
    }

    /**
     * SILENCE without a request MTI; 30 when the message does not unpack whole; 12 for a
     * well-formed MTI outside the contract; else 30 when the fuzzer broke a field's format on
     * purpose ({@code brokenFormat}), or any contract code.
     */
    static FuzzFrame.Expect expect(Dialect d, byte[] message, boolean brokenFormat) {
        byte[] iso = iso(d, message);
        String mti = mti(d, iso);
        if (mti == null || mti.charAt(2) % 2 == 1) return FuzzFrame.Expect.SILENCE;
        ISOMsg m = new ISOMsg();
        m.setPackager(d.packager());
        try {
            if (m.unpack(iso) != iso.length) return FuzzFrame.Expect.ANSWER_30;
        } catch (Exception e) {
            return FuzzFrame.Expect.ANSWER_30;
        }
        if (!CONTRACT_MTIS.contains(mti)) return FuzzFrame.Expect.ANSWER_12;
        return brokenFormat ? FuzzFrame.Expect.ANSWER_30 : FuzzFrame.Expect.ANSWER_CONTRACT;
    }

    /**
     * Null when {@code answer} is a proper answer (TPDU of {@code request} swapped, unpacks whole,
     * the response MTI of {@code requestMti}, field 39), else what is wrong; a null request or
     * MTI is not compared. The unpacked answer goes to {@code into}.
     */
    static String answerProblem(Dialect d, byte[] request, String requestMti, byte[] answer, ISOMsg into) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        for (String leak : new String[] {"Exception", "at org.", "java.", "jpos"}) {
            if (text.contains(leak)) return "answer holds '" + leak + "'";
        }
        byte[] iso = iso(d, answer);
        if (iso == null) return "answer shorter than a TPDU";
        if (d == Dialect.TERMINAL && request != null) {
            byte[] swapped = {request[0], request[3], request[4], request[1], request[2]};
            if (!Arrays.equals(swapped, Arrays.copyOf(answer, TPDU))) return "TPDU not swapped";
        }
        into.setPackager(d.packager());
        try {
            int consumed = into.unpack(iso);
            if (consumed != iso.length) return "answer has " + (iso.length - consumed) + " bytes after its last field";
        } catch (Exception e) {
            return "answer does not unpack: " + e.getMessage();
        }
        String mti = into.getString(0);
        if (mti == null || !mti.matches("[0-9]{4}") || mti.charAt(2) % 2 == 0) return "answer MTI " + mti + " is no response";
        if (requestMti != null && !mti.equals(Mti.responseOf(requestMti))) return "answer MTI " + mti + " to a " + requestMti;
        if (!into.hasField(39)) return "answer without field 39";
        return null;
    }
}
