package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.jpos.iso.ISOUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.veil.packagers.CardNumbers;

/** Hand-built bytes over plain sockets: the framing of CONTRACT.md, byte for byte. */
@ExtendWith(RunningSwitch.class)
@Timeout(30)
class RawFramingTest {
    private static final String F7 = "1123113045";

    /** 0800 echo, STAN 000123: primary bitmap bits 1 7 11, secondary bit 70. */
    private static final String TERMINAL_ECHO = "6000120034" + "0800" + "8220000000000000" + "0400000000000000"
            + F7 + "000123" + "0301";
    /** 0810 with 39 = "00" (ASCII), TPDU destination and source swapped. */
    private static final String TERMINAL_ECHO_ANSWER = "6000340012" + "0810" + "8220000002000000" + "0400000000000000"
            + F7 + "000123" + "3030" + "0301";
    private static final String VAN_ECHO = "0800" + "8220000000000000" + "0400000000000000" + F7 + "000125" + "301";

    @Test
    void terminalEchoByteForByteWithSwappedTpdu() throws Exception {
        try (RawEdge s = RawEdge.terminal()) {
            s.writeFrame(ISOUtil.hex2byte(TERMINAL_ECHO));
            assertEquals(TERMINAL_ECHO_ANSWER, ISOUtil.hexString(s.readFrame()));
        }
    }

    @Test
    void vanEchoByteForByte() throws Exception {
        try (RawEdge s = RawEdge.van()) {
            s.writeFrame("0800" + "8220000000000000" + "0400000000000000" + F7 + "000124" + "301");
            assertEquals("0810" + "8220000002000000" + "0400000000000000" + F7 + "000124" + "00" + "301", s.readFrameText());
        }
    }

    @Test
    void terminalRequestThatStopsUnpackingGets30WithWhatUnpackedAndTheConnectionStaysUsable() throws Exception {
        String pan = EdgeClient.panOf("999900000000031");
        try (RawEdge s = RawEdge.terminal()) {
            // bitmap bits 2 3 11 41: PAN, processing code and STAN are there, the terminal id is not
            s.writeFrame(ISOUtil.hex2byte("6000120034" + "0200" + "6020000000800000" + "16" + pan + "000000" + "000777"));
            // 0210 echoing 2 3 11 with 39 = "30", TPDU swapped
            assertEquals("6000340012" + "0210" + "6020000002000000" + "16" + pan + "000000" + "000777" + "3330",
                    ISOUtil.hexString(s.readFrame()));
            s.writeFrame(ISOUtil.hex2byte(TERMINAL_ECHO));
            assertEquals(TERMINAL_ECHO_ANSWER, ISOUtil.hexString(s.readFrame()));
        }
        try (Connection c = SwitchDatabase.get().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT response_code, outcome FROM journal WHERE stan = '000777' AND masked_pan = ?")) {
            ps.setString(1, CardNumbers.mask(pan));
            SwitchTest.awaitTrue(() -> rowExists(ps));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("30", rs.getString(1));
                assertEquals("malformed: field 41 does not unpack", rs.getString(2));
            }
        }
    }

    @Test
    void vanRequestThatStopsUnpackingGets30WithWhatUnpacked() throws Exception {
        try (RawEdge s = RawEdge.van()) {
            // field 2 announces 25 digits where at most 19 are allowed
            s.writeFrame("0200" + "6020000000800000" + "25" + "9".repeat(25) + "000000" + "000778" + "VAN00001");
            assertEquals("0210" + "0000000002000000" + "30", s.readFrameText());
            // trailing bytes after the last field the bitmap announces
            s.writeFrame("0200" + "2020000000800000" + "000000" + "000779" + "VAN00001" + "XYZ");
            assertEquals("0210" + "2020000002800000" + "000000" + "000779" + "30" + "VAN00001", s.readFrameText());
            s.writeFrame(VAN_ECHO);
            assertEquals("0810", s.readFrameText().substring(0, 4));
        }
    }

    @Test
    void frameWithoutARequestMtiGetsNoAnswerAndTheConnectionStaysUsable() throws Exception {
        try (RawEdge s = RawEdge.terminal()) {
            s.writeFrame(ISOUtil.hex2byte("6000120034" + "0A00" + "2020000000800000" + "000000" + "000780"));
            s.writeFrame(ISOUtil.hex2byte("6000120034" + "02")); // shorter than an MTI
            s.writeFrame(ISOUtil.hex2byte("6000120034")); // a TPDU and nothing else
            s.writeFrame(ISOUtil.hex2byte("6000120034" + "0210" + "2020000000800000" + "000000" + "000781")); // a response
            s.writeFrame(ISOUtil.hex2byte(TERMINAL_ECHO));
            assertEquals(TERMINAL_ECHO_ANSWER, ISOUtil.hexString(s.readFrame()), "the echo is the first answer");
        }
        try (RawEdge s = RawEdge.van()) {
            s.writeFrame("02X0" + "2020000000800000" + "000000" + "000782");
            s.write("0000".getBytes(StandardCharsets.US_ASCII)); // keep-alive
            s.writeFrame("0130" + "2020000000800000" + "000000" + "000783");
            s.writeFrame(VAN_ECHO);
            assertEquals("0810", s.readFrameText().substring(0, 4), "the echo is the first answer");
        }
    }

    @Test
    void absurdOrUnreadableLengthClosesTheConnection() throws Exception {
        try (RawEdge s = RawEdge.terminal()) {
            s.write(new byte[] {(byte) 0xFF, (byte) 0xF0, 0x60, 0, 0, 0, 0});
            assertNull(s.readFrame(), "closed");
        }
        try (RawEdge s = RawEdge.terminal()) {
            s.write(new byte[] {0, 3, 0x60, 0, 0}); // shorter than the TPDU
            assertNull(s.readFrame(), "closed");
        }
        for (String prefix : new String[] {"9999", "12X4", "-001", "+123", " 123"}) {
            try (RawEdge s = RawEdge.van()) {
                s.write(prefix.getBytes(StandardCharsets.US_ASCII));
                assertNull(s.readFrame(), "closed after " + prefix);
            }
        }
        // and the servers still serve
        try (RawEdge s = RawEdge.terminal()) {
            s.writeFrame(ISOUtil.hex2byte(TERMINAL_ECHO));
            assertEquals(TERMINAL_ECHO_ANSWER, ISOUtil.hexString(s.readFrame()));
        }
        try (RawEdge s = RawEdge.van()) {
            s.writeFrame(VAN_ECHO);
            assertEquals("0810", s.readFrameText().substring(0, 4));
        }
    }

    private static boolean rowExists(PreparedStatement ps) {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
