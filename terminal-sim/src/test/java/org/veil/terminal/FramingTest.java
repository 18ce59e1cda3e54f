package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.packagers.Dialect;

/** The exact bytes IsoClient puts on the wire and reads back, per dialect, derived here by hand from CONTRACT.md. */
@Timeout(30)
class FramingTest {
    private static final HexFormat HEX = HexFormat.of();

    /** 0800 with 7, 11, 41, 70: small enough to write out by hand, and it needs the secondary bitmap. */
    private static ISOMsg echo() {
        ISOMsg m = new ISOMsg("0800");
        m.set(7, "1123112233");
        m.set(11, "000123");
        m.set(41, "TERM0001");
        m.set(70, "301");
        return m;
    }

    /** Bits 1 (secondary bitmap), 7, 11, 41; then bit 70 in the secondary. */
    private static final String BITMAPS = "8220000000800000" + "0400000000000000";

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    @Test
    void terminalFrameIsLengthTpduThenBcdMessage() throws Exception {
        byte[] body = HEX.parseHex("0800" + BITMAPS + "1123112233" + "000123")
                ;
        body = concat(body, "TERM0001".getBytes(StandardCharsets.US_ASCII), HEX.parseHex("0301"));
        assertEquals(2 + 16 + 5 + 3 + 8 + 2, body.length);
        byte[] expected = concat(HEX.parseHex("0029"), HEX.parseHex("6000010000"), body);

        try (RawPeer peer = new RawPeer(); IsoClient client = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", peer.port())) {
            peer.accept();
            CompletableFuture<ISOMsg> answer = client.send(echo());
            assertArrayEquals(expected, peer.read(expected.length));

            // The answer: 0810 with 39 = "00" added (bit 39 in byte 5), TPDU swapped.
            byte[] answerBody = concat(HEX.parseHex("0810" + "8220000002800000" + "0400000000000000" + "1123112233" + "000123"),
                    "00TERM0001".getBytes(StandardCharsets.US_ASCII), HEX.parseHex("0301"));
            peer.write(concat(HEX.parseHex(String.format("%04x", 5 + answerBody.length)), HEX.parseHex("6000000001"), answerBody));
            ISOMsg a = answer.get(5, TimeUnit.SECONDS);
            assertEquals("0810", a.getMTI());
            assertEquals("00", a.getString(39));
            assertEquals("301", a.getString(70));
            assertEquals(0, client.tpduMismatches());

            // Same answer again for a second echo, but with the TPDU not swapped: delivered, and counted.
            ISOMsg second = echo();
            second.set(11, "000123");
            CompletableFuture<ISOMsg> again = client.send(second);
            peer.read(expected.length);
            peer.write(concat(HEX.parseHex(String.format("%04x", 5 + answerBody.length)), HEX.parseHex("6000010000"), answerBody));
            assertEquals("00", again.get(5, TimeUnit.SECONDS).getString(39));
            assertEquals(1, client.tpduMismatches());
        }
    }

    @Test
    void terminalPacksPanAndTrack2AsBcdRightPadded() throws Exception {
        ISOMsg m = new ISOMsg("0200");
        m.set(2, "999900000000017");                 // 15 digits: odd, padded with a 0 nibble on the right
        m.set(11, "000001");
        m.set(35, "999900000000017=2812101");         // 23 characters, '=' is the nibble D
        m.set(41, "TERM0001");
        // bits 2, 11, 35, 41
        String bitmap = "4020000020800000";
        byte[] body = concat(HEX.parseHex("0200" + bitmap + "15" + "9999000000000170" + "000001"
                + "23" + "999900000000017D2812101" + "0"), "TERM0001".getBytes(StandardCharsets.US_ASCII));
        try (RawPeer peer = new RawPeer(); IsoClient client = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", peer.port())) {
            peer.accept();
            client.send(m);
            byte[] frame = peer.read(2 + 5 + body.length);
            assertEquals(5 + body.length, ((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF));
            assertArrayEquals(body, java.util.Arrays.copyOfRange(frame, 7, frame.length));
        }
    }

    @Test
    void vanFrameIsFourAsciiDigitsThenAsciiMessage() throws Exception {
        String body = "0800" + BITMAPS.toUpperCase() + "1123112233" + "000123" + "TERM0001" + "301";
        assertEquals(63, body.length());
        byte[] expected = ("0063" + body).getBytes(StandardCharsets.US_ASCII);
        try (RawPeer peer = new RawPeer(); IsoClient client = IsoClient.connect(Dialect.VAN, "127.0.0.1", peer.port())) {
            peer.accept();
            CompletableFuture<ISOMsg> answer = client.send(echo());
            assertArrayEquals(expected, peer.read(expected.length));

            String answerBody = "0810" + "8220000002800000" + "0400000000000000" + "1123112233" + "000123" + "00" + "TERM0001" + "301";
            peer.write((String.format("%04d", answerBody.length()) + answerBody).getBytes(StandardCharsets.US_ASCII));
            ISOMsg a = answer.get(5, TimeUnit.SECONDS);
            assertEquals("0810", a.getMTI());
            assertEquals("00", a.getString(39));
            assertEquals("TERM0001", a.getString(41));
        }
    }

    @Test
    void anAnswerThatDoesNotUnpackIsDroppedAndTheConnectionStays() throws Exception {
        try (RawPeer peer = new RawPeer(); IsoClient client = IsoClient.connect(Dialect.VAN, "127.0.0.1", peer.port())) {
            peer.accept();
            CompletableFuture<ISOMsg> answer = client.send(echo(), Duration.ofSeconds(5));
            peer.read(67);
            peer.write("0005ZZZZZ".getBytes(StandardCharsets.US_ASCII));
            String answerBody = "0810" + "8220000002800000" + "0400000000000000" + "1123112233" + "000123" + "00" + "TERM0001" + "301";
            peer.write((String.format("%04d", answerBody.length()) + answerBody).getBytes(StandardCharsets.US_ASCII));
            assertEquals("00", answer.get(5, TimeUnit.SECONDS).getString(39));
            assertTrue(client.isOpen());
        }
    }

    @Test
    void brokenFramingClosesTheConnectionAndFailsWhatWaits() throws Exception {
        try (RawPeer peer = new RawPeer(); IsoClient client = IsoClient.connect(Dialect.VAN, "127.0.0.1", peer.port())) {
            peer.accept();
            CompletableFuture<ISOMsg> answer = client.send(echo());
            peer.read(67);
            peer.write("AB12".getBytes(StandardCharsets.US_ASCII));
            ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            assertEquals(-1, peer.readByte());
            assertFalse(client.isOpen());
            assertTrue(client.send(echo()).isCompletedExceptionally());
        }
    }

    @Test
    void sendRawWritesBytesUnchanged() throws Exception {
        byte[] junk = HEX.parseHex("0003AABBCC");
        try (RawPeer peer = new RawPeer(); IsoClient client = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", peer.port())) {
            peer.accept();
            client.sendRaw(junk);
            assertArrayEquals(junk, peer.read(junk.length));
        }
    }
}
