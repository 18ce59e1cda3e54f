package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.jpos.iso.ISOUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

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

    @Test
    void terminalEchoByteForByteWithSwappedTpdu() throws Exception {
        try (Socket s = socket(RawFramingTest.terminalPort())) {
            writeTerminal(s, ISOUtil.hex2byte(TERMINAL_ECHO));
            assertEquals(TERMINAL_ECHO_ANSWER, ISOUtil.hexString(readTerminal(s)));
        }
    }

    @Test
    void vanEchoByteForByte() throws Exception {
        try (Socket s = socket(RunningSwitch.vanPort)) {
            String echo = "0800" + "8220000000000000" + "0400000000000000" + F7 + "000124" + "301";
            writeVan(s, echo);
            assertEquals("0810" + "8220000002000000" + "0400000000000000" + F7 + "000124" + "00" + "301", readVan(s));
        }
    }

    @Test
    void unparseableTerminalFrameGetsNoAnswerAndTheConnectionStaysUsable() throws Exception {
        try (Socket s = socket(terminalPort())) {
            // a bitmap announcing fields 2..64 with only three bytes of them
            writeTerminal(s, ISOUtil.hex2byte("6000120034" + "0200" + "7FFFFFFFFFFFFFFF" + "123456"));
            s.setSoTimeout(700);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "no answer to garbage");
            s.setSoTimeout(10_000);
            writeTerminal(s, ISOUtil.hex2byte(TERMINAL_ECHO));
            assertEquals(TERMINAL_ECHO_ANSWER, ISOUtil.hexString(readTerminal(s)));
        }
    }

    @Test
    void unparseableVanFrameGetsNoAnswerAndTheConnectionStaysUsable() throws Exception {
        try (Socket s = socket(RunningSwitch.vanPort)) {
            // a bitmap announcing fields 2..64 with only two characters of them
            writeVan(s, "0200" + "7FFFFFFFFFFFFFFF" + "12");
            s.setSoTimeout(700);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            s.setSoTimeout(10_000);
            writeVan(s, "0800" + "8220000000000000" + "0400000000000000" + F7 + "000125" + "301");
            assertEquals("0810", readVan(s).substring(0, 4));
        }
    }

    @Test
    void absurdLengthClosesTheConnection() throws Exception {
        try (Socket s = socket(terminalPort())) {
            s.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xF0, 0x60, 0, 0, 0, 0});
            s.getOutputStream().flush();
            assertEquals(-1, s.getInputStream().read(), "closed");
        }
        try (Socket s = socket(RunningSwitch.vanPort)) {
            s.getOutputStream().write("9999".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, s.getInputStream().read(), "closed");
        }
        try (Socket s = socket(RunningSwitch.vanPort)) {
            s.getOutputStream().write("12X4".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, s.getInputStream().read(), "closed");
        }
        // and the server still serves
        try (Socket s = socket(terminalPort())) {
            writeTerminal(s, ISOUtil.hex2byte(TERMINAL_ECHO));
            assertArrayEquals(ISOUtil.hex2byte(TERMINAL_ECHO_ANSWER), readTerminal(s));
        }
    }

    private static int terminalPort() {
        return RunningSwitch.terminalPort;
    }

    private static Socket socket(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void writeTerminal(Socket s, byte[] body) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(new byte[] {(byte) (body.length >> 8), (byte) body.length});
        out.write(body);
        out.flush();
    }

    private static byte[] readTerminal(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return b;
    }

    private static void writeVan(Socket s, String body) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((ISOUtil.zeropad(body.length(), 4) + body).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readVan(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] len = new byte[4];
        in.readFully(len);
        byte[] b = new byte[Integer.parseInt(new String(len, StandardCharsets.US_ASCII))];
        in.readFully(b);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
