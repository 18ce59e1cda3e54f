package org.veil.cardswitch;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.veil.packagers.Dialect;

/**
 * A plain socket to an edge port, framed by hand as CONTRACT.md says: what a careless client or
 * a fuzzer sends, and the switch's answers read back byte for byte. A TERMINAL message here
 * starts with its 5-byte TPDU; the length prefix is added and stripped.
 */
final class RawEdge implements AutoCloseable {
    final Dialect dialect;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawEdge(Dialect dialect, int timeoutMillis) throws IOException {
        this.dialect = dialect;
        socket = new Socket("127.0.0.1", dialect == Dialect.TERMINAL ? RunningSwitch.terminalPort : RunningSwitch.vanPort);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static RawEdge terminal() throws IOException {
        return new RawEdge(Dialect.TERMINAL, 10_000);
    }

    static RawEdge van() throws IOException {
        return new RawEdge(Dialect.VAN, 10_000);
    }

    /** The length prefix of this dialect for a message of n bytes. */
    static byte[] prefix(Dialect dialect, int n) {
        return dialect == Dialect.TERMINAL
                ? new byte[] {(byte) (n >> 8), (byte) n}
                : String.format("%04d", n).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] framed(Dialect dialect, byte[] message) {
        byte[] p = prefix(dialect, message.length);
        byte[] f = new byte[p.length + message.length];
        System.arraycopy(p, 0, f, 0, p.length);
        System.arraycopy(message, 0, f, p.length, message.length);
        return f;
    }

    void writeFrame(byte[] message) throws IOException {
        write(framed(dialect, message));
    }

    void writeFrame(String message) throws IOException {
        writeFrame(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** No more bytes from us: the switch reads end-of-stream after what was sent. */
    void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** One whole answer frame, or null when the switch closed the connection before its first byte. */
    byte[] readFrame() throws IOException {
        int first = in.read();
        if (first < 0) return null;
        int len;
        if (dialect == Dialect.TERMINAL) {
            len = (first << 8) | in.readUnsignedByte();
        } else {
            byte[] digits = new byte[4];
            digits[0] = (byte) first;
            in.readFully(digits, 1, 3);
            String s = new String(digits, StandardCharsets.ISO_8859_1);
            if (!s.matches("[0-9]{4}")) throw new IOException("length prefix is not 4 digits: '" + s + "'");
            len = Integer.parseInt(s);
        }
        byte[] b = new byte[len];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IOException("answer frame cut short: " + len + " bytes announced", e);
        }
        return b;
    }

    String readFrameText() throws IOException {
        byte[] b = readFrame();
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
