package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.packagers.Dialect;

@Timeout(60)
class TerminalCliTest {
    private static final String PAN = "9999000000000017";

    private record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TerminalCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertOneLine(Run r) {
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("terminal: "), r.err());
    }

    @Test
    void badArgumentsGetOneLineAndExit2() {
        for (String[] args : new String[][] {
                {},
                {"send", "--type", "purchase", "--expiry", "2812"},
                {"send", "--type", "bogus"},
                {"send", "--dialect", "host", "--type", "echo"},
                {"send", "--type", "purchase", "--pan", "12AB", "--expiry", "2812"},
                {"send", "--type", "reversal", "--pan", PAN, "--expiry", "2812"},
                {"send", "--amount", "ten"},
                {"send", "--frobnicate"},
                {"load", "--duration", "soon", "--pan", PAN, "--expiry", "2812"},
                {"load", "--mix", "purchase=80,steal=20", "--pan", PAN, "--expiry", "2812"},
                {"load"},
        }) {
            Run r = cli(args);
            assertEquals(TerminalCli.USAGE, r.code(), String.join(" ", args) + " -> " + r.err());
            assertOneLine(r);
        }
    }

    @Test
    void sendPrintsRequestAndAnswerAndChecksTheExpectedCode() throws Exception {
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, JposLoopbackServer.approveAll())) {
            String port = Integer.toString(server.port());
            Run ok = cli("send", "--type", "balance", "--port", port, "--pan", PAN, "--expiry", "2812", "--swipe", "--expect", "00");
            assertEquals(TerminalCli.OK, ok.code(), ok.err());
            assertTrue(ok.out().contains("0200 financial request"), ok.out());
            assertTrue(ok.out().contains("0210 financial response"), ok.out());
            assertTrue(ok.out().contains("available 40.00 840"), ok.out());
            assertFalse(ok.out().contains(PAN), ok.out());

            Run mismatch = cli("send", "--type", "purchase", "--amount", "500", "--port", port, "--pan", PAN, "--expiry", "2812",
                    "--partial", "--repeat", "1", "--expect", "51");
            assertEquals(TerminalCli.MISMATCH, mismatch.code(), mismatch.err());
            assertTrue(mismatch.out().contains("0201 financial request (repeat)"), mismatch.out());
            assertTrue(mismatch.out().contains("PA=Y"), mismatch.out());

            Run reversal = cli("send", "--type", "reversal", "--port", port, "--pan", PAN, "--expiry", "2812",
                    "--original-stan", "42", "--original-time", "1123112233", "--rrn", "512345000001", "--remaining", "100");
            assertEquals(TerminalCli.OK, reversal.code(), reversal.err());
            assertTrue(reversal.out().contains("MTI 0200, STAN 000042, time 1123112233"), reversal.out());
        }
        try (JposLoopbackServer van = new JposLoopbackServer(Dialect.VAN, JposLoopbackServer.approveAll())) {
            Run echo = cli("send", "--dialect", "van", "--type", "echo", "--port", Integer.toString(van.port()));
            assertEquals(TerminalCli.OK, echo.code(), echo.err());
            assertTrue(echo.out().contains("0810 network management response"), echo.out());
            assertTrue(echo.out().contains("VAN00001"), echo.out());
        }
    }

    @Test
    void noConnectionAndNoAnswerExit3() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run refused = cli("send", "--type", "echo", "--port", Integer.toString(port));
        assertEquals(TerminalCli.NO_ANSWER, refused.code());
        assertOneLine(refused);
        try (JposLoopbackServer silent = new JposLoopbackServer(Dialect.TERMINAL, (r, ch) -> { })) {
            Run timeout = cli("send", "--type", "echo", "--port", Integer.toString(silent.port()), "--timeout", "300ms");
            assertEquals(TerminalCli.NO_ANSWER, timeout.code());
            assertOneLine(timeout);
            assertTrue(timeout.err().contains("no answer within 300 ms"), timeout.err());
        }
    }

    @Test
    void loadRunsForItsDurationAndWritesJson(@TempDir Path dir) throws Exception {
        Path cards = dir.resolve("cards.csv");
        Files.writeString(cards, "# pan,expiry\n9999000000000017,2812\n9999000000000025,2812\n");
        Path json = dir.resolve("load.json");
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.VAN, JposLoopbackServer.approveAll())) {
            Run r = cli("load", "--dialect", "van", "--port", Integer.toString(server.port()), "--connections", "3",
                    "--duration", "1s", "--warmup", "200ms", "--mix", "purchase=80,balance=20", "--cards", cards.toString(),
                    "--json", json.toString());
            assertEquals(TerminalCli.OK, r.code(), r.err());
            assertTrue(r.out().contains("answers/s"), r.out());
            assertTrue(r.out().contains("p99.9"), r.out());
            String j = Files.readString(json);
            assertTrue(j.contains("\"codes\":{\"00\":"), j);
            assertTrue(j.contains("\"timeouts\":0"), j);
        }
    }
}
