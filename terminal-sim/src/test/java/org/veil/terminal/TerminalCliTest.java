package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.veil.packagers.Dialect;

@Timeout(60)
class TerminalCliTest {
    private static final String PAN = "9999000000000012";

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
        for (String leak : List.of("Exception", "\tat ", "java.", "io.netty")) assertFalse(r.err().contains(leak), r.err());
    }

    static Stream<Arguments> badArguments() {
        String luhnFails = "9999000000000018";
        return Stream.of(
                bad("missing command", ""),
                bad("Unknown option: '--frobnicate'", "send --frobnicate"),
                bad("--pan is required", "send --type purchase --expiry 2812"),
                bad("--expiry (YYMM) is required", "send --type purchase --pan " + PAN),
                bad("unknown --type 'bogus'", "send --type bogus"),
                bad("unknown dialect 'host'", "send --dialect host --type echo"),
                bad("PAN must be 12 to 19 digits", "send --type purchase --pan 12AB --expiry 2812"),
                bad("fails the Luhn check", "send --type purchase --pan " + luhnFails + " --expiry 2812"),
                bad("expiry must be YYMM", "send --type purchase --pan " + PAN + " --expiry 28-12"),
                bad("--original-stan", "send --type reversal --pan " + PAN + " --expiry 2812"),
                bad("'ten'", "send --amount ten"),
                bad("'12.50'", "send --amount 12.50 --pan " + PAN + " --expiry 2812"),
                bad("--amount must not be negative", "send --amount -5 --pan " + PAN + " --expiry 2812"),
                bad("amount must be 0 to 999999999999", "send --amount 1000000000000 --pan " + PAN + " --expiry 2812"),
                bad("'99999999999999999999'", "send --amount 99999999999999999999"),
                bad("--port must be 1 to 65535, got 0", "send --type echo --port 0"),
                bad("--port must be 1 to 65535, got 70000", "send --type echo --port 70000"),
                bad("'abc'", "send --type echo --port abc"),
                bad("'soon' is not a duration", "send --type echo --timeout soon"),
                bad("--timeout must be positive", "send --type echo --timeout 0s"),
                bad("--expect must be a 2-character response code", "send --type echo --expect 000"),
                bad("--on-no-answer must be none, repeat or reverse, got 'panic'", "send --type echo --on-no-answer panic"),
                bad("--on-no-answer reverse needs a --type that can be reversed", "send --type balance --pan " + PAN + " --expiry 2812 --on-no-answer reverse"),
                bad("--tries must be 1 to 20", "send --type echo --on-no-answer repeat --tries 0"),
                bad("--pin must be 4 to 12 digits", "send --type purchase --pan " + PAN + " --expiry 2812 --pin 77"),
                bad("--pin must be 4 to 12 digits", "send --type purchase --pan " + PAN + " --expiry 2812 --pin 12345678901234"),
                bad("--pin must be 4 to 12 digits", "send --type purchase --pan " + PAN + " --expiry 2812 --pin 12a4"),
                bad("--pin-mode must be tdes, dukpt or aes, got 'x'", "send --type purchase --pan " + PAN + " --expiry 2812 --pin 1234 --pin-mode x"),
                bad("--mac must be retail, aes-cmac or none, got 'x'", "send --type echo --mac x"),
                bad("--ksn must be 20 hex characters", "send --type purchase --pan " + PAN + " --expiry 2812 --pin 1234 --pin-mode dukpt --ksn FFFF98765"),
                bad("--ksn must be 20 hex characters", "send --type purchase --pan " + PAN + " --expiry 2812 --pin 1234 --pin-mode dukpt --ksn XXXX9876543210E00001"),
                bad("--ksn: KSN counter is 0", "send --type purchase --pan " + PAN + " --expiry 2812 --pin 1234 --pin-mode dukpt --ksn FFFF9876543210E00000"),
                bad("X9.24 allows at most 10", "send --type purchase --pan " + PAN + " --expiry 2812 --pin 1234 --terminal TERM0004 --ksn FFFF9876543210E007FF"),
                bad("--ksn goes with --pin-mode dukpt", "send --type purchase --pan " + PAN + " --expiry 2812 --pin 1234 --ksn FFFF9876543210E00001"),
                bad("--ksn goes with --pin", "send --type purchase --pan " + PAN + " --expiry 2812 --ksn FFFF9876543210E00001"),
                bad("--pin-mode goes with --pin", "send --type purchase --pan " + PAN + " --expiry 2812 --pin-mode aes"),
                bad("--pin goes with a card transaction", "send --type echo --pin 1234"),
                bad("--pin goes with a card transaction", "send --type reversal --pin 1234 --pan " + PAN + " --expiry 2812"),
                bad("--pan is required for --type purchase", "send --type purchase --pin 1234"),
                bad("--key-change-first goes with a transaction", "send --type key-change --key-change-first"),
                bad("keystore /nonexistent/keys.p12: no such file", "send --type echo --mac retail --keystore /nonexistent/keys.p12"),
                bad("cannot be opened: wrong password", "send --type key-change --keystore ../cfg/keys/TEST-ONLY-keys.p12 --keystore-password wrong"),
                bad("'soon' is not a duration", "load --duration soon --pan " + PAN + " --expiry 2812"),
                bad("duration must be positive", "load --duration 0 --pan " + PAN + " --expiry 2812"),
                bad("unknown dialect 'xml'", "load --dialect xml --pan " + PAN + " --expiry 2812"),
                bad("--port must be 1 to 65535, got 70000", "load --port 70000 --pan " + PAN + " --expiry 2812"),
                bad("connections must be at least 1", "load --connections 0 --pan " + PAN + " --expiry 2812"),
                bad("'many'", "load --connections many --pan " + PAN + " --expiry 2812"),
                bad("steal", "load --mix purchase=80,steal=20 --pan " + PAN + " --expiry 2812"),
                bad("fails the Luhn check", "load --pan " + luhnFails + " --expiry 2812"),
                bad("'lots'", "load --amount lots --pan " + PAN + " --expiry 2812"),
                bad("cannot read cards file", "load --cards /nonexistent/cards.csv"),
                bad("give --cards FILE, --track2, or --pan and --expiry", "load"),
                bad("--swipe with --pan needs the card's track 2", "load --swipe --pan " + PAN + " --expiry 2812"),
                bad("--track2 carries the card", "send --type purchase --track2 " + PAN + "=2812101100000000 --pan " + PAN),
                bad("--track2: a track 2 is PAN=YYMM", "send --type purchase --track2 nonsense"));
    }

    private static Arguments bad(String saying, String args) {
        return Arguments.of(args, saying);
    }

    @ParameterizedTest(name = "[{index}] terminal {0}")
    @MethodSource("badArguments")
    void badArgumentsGetOneLineAndExit2AndSendNothing(String args, String saying, @TempDir Path dir) {
        // A JSON report asked for: it must not be written either.
        Path json = dir.resolve("report.json");
        String[] argv = args.isEmpty() ? new String[0]
                : (args.startsWith("load") ? args + " --json " + json : args).split(" ");
        Run r = cli(argv);
        assertEquals(TerminalCli.USAGE, r.code(), args + " -> " + r.err());
        assertOneLine(r);
        assertTrue(r.err().contains(saying), "'" + r.err().strip() + "' should say " + saying);
        assertEquals("", r.out(), "nothing is printed as sent");
        assertFalse(r.err().contains("77") || r.err().contains("1234"), "a PIN is never repeated: " + r.err());
        assertFalse(Files.exists(json), "the report was written");
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
        assertTrue(refused.err().contains("cannot connect to 127.0.0.1:" + port), refused.err());
        Run loadRefused = cli("load", "--port", Integer.toString(port), "--pan", PAN, "--expiry", "2812", "--duration", "1s");
        assertEquals(TerminalCli.NO_ANSWER, loadRefused.code());
        assertOneLine(loadRefused);
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
        Files.writeString(cards, "# pan,expiry\n9999000000000012,2812\n9999000000000020,2812\n");
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
