package org.veil.issuer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Bytes written to a server as they are, and what it answered before it closed the connection. */
public final class RawHttp {
    /** Status line parsed; closed tells whether the server closed the connection within the timeout. */
    public record Answer(int status, Map<String, String> headers, String body, boolean closed, long millis) {}

    private RawHttp() {}

    public static Answer send(int port, byte[] bytes, int timeoutMillis) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(timeoutMillis);
            long t0 = System.nanoTime();
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean closed = false;
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) got.write(buf, 0, n);
                closed = true;
            } catch (SocketTimeoutException e) {
                // still open: the caller decides whether that is right
            }
            return parse(got.toString(StandardCharsets.ISO_8859_1), closed, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static Answer parse(String raw, boolean closed, long millis) {
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.1 ") || end < 0) throw new AssertionError("not an HTTP answer: " + raw);
        String[] lines = raw.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers, raw.substring(end + 4), closed, millis);
    }
}
