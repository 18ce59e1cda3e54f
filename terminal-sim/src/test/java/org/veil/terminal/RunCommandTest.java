package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jpos.iso.BaseChannel;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.veil.packagers.Dialect;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@code terminal run} over real loopback sockets: a jPOS switch stand-in per dialect and an admin API stand-in. */
@Timeout(60)
class RunCommandTest {
    private static final String PAN = AdminStandIn.PAN;
    private static final Path EXAMPLE = Path.of("..", "scripts", "scenarios", "examples", "purchase-approved.yml");

    @TempDir
    Path dir;
    private final List<ISOMsg> received = Collections.synchronizedList(new ArrayList<>());
    private final Set<BaseChannel> connections = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private JposLoopbackServer terminal;
    private JposLoopbackServer van;
    private AdminStandIn admin;

    private record Run(int code, String out, String err) {}

    /**
     * The switch stand-in, by amount: 999 no answer, 666 hang up, 222 two copies of the answer,
     * 555 declined 51 without 38; anything else approved with an approval code made of the STAN.
     */
    private JposLoopbackServer.Responder responder() {
        return (request, ch) -> {
            received.add(request);
            connections.add(ch);
            String amount = request.hasField(4) ? String.valueOf(Long.parseLong(request.getString(4))) : "";
            switch (amount) {
                case "999" -> { }
                case "666" -> ch.disconnect();
                case "222" -> {
                    ch.send(answer(request, "00"));
                    ch.send(answer(request, "00"));
                }
                case "555" -> ch.send(answer(request, "51"));
                default -> {
                    ISOMsg a = answer(request, "00");
                    if (!request.getMTI().startsWith("08")) a.set(38, "A" + request.getString(11).substring(1));
                    ch.send(a);
                }
            }
        };
    }

    /** The request echoed with MTI class + 10 (0201 is answered 0210 like 0200) and field 39. */
    private static ISOMsg answer(ISOMsg request, String code) throws Exception {
        ISOMsg a = (ISOMsg) request.clone();
        String mti = request.getMTI();
        a.setMTI(mti.substring(0, 2) + (char) (mti.charAt(2) + 1) + "0");
        a.set(39, code);
        return a;
    }

    private static String mti(ISOMsg m) {
        try {
            return m.getMTI();
        } catch (org.jpos.iso.ISOException e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void start() throws IOException {
        terminal = new JposLoopbackServer(Dialect.TERMINAL, responder());
        van = new JposLoopbackServer(Dialect.VAN, responder());
        admin = new AdminStandIn();
    }

    @AfterEach
    void stop() throws IOException {
        terminal.close();
        van.close();
        admin.close();
    }

    private Run run(String... args) {
        List<String> given = List.of(args);
        List<String> all = new ArrayList<>(List.of("run"));
        String[][] defaults = {{"--terminal-port", String.valueOf(terminal.port())}, {"--van-port", String.valueOf(van.port())},
                {"--admin-url", admin.url()}, {"--switch-url", admin.url()}};
        for (String[] d : defaults) {
            if (!given.contains(d[0])) all.addAll(List.of(d));
        }
        all.addAll(given);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TerminalCli.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void everyKindOfStepPassesOverRealSockets() throws Exception {
        Path f = file("paths.yml", """
                name: paths
                vars: { terminal: TERM0001 }
                steps:
                  - id: card
                    admin: POST /cards
                    body: { product: PREPAID-USD }
                    status: 201
                    expect: { pan: "/9999[0-9]{12}/", cvv2: present }
                  - admin: POST /cards/${card.id}/load
                    body: { amount: 10000, reference: "scn-${run}" }
                    expect: { available: 10000, ledger: "10000" }
                  - id: buy
                    name: purchase
                    send:
                      mti: "0200"
                      fields: { 2: "${card.pan}", 3: "000000", 4: "1000", 7: "${now}", 11: "${stan}", 41: "${terminal}",
                                42: MERCHANT0000001, 49: 840, 48: { PA: Y }, 52: 0123456789abcdef }
                    expect:
                      mti: "0210"
                      fields: { 39: "00", 38: present, 55: absent, 4: "000000001000", 11: echo, 41: echo, 52: echo, 48: PA001Y, 2: echo }
                  - name: repeat
                    send: { from: buy, mti: "0201", fields: { 52: ~ } }
                    expect: { mti: "0210", fields: { 38: "${buy.answer.38}", 11: "${buy.request.11}", 52: absent, 7: echo } }
                  - name: silence
                    timeout-ms: 300
                    send: { mti: "0200", fields: { 4: "999", 11: "${stan}", 41: "${terminal}" } }
                    expect: { answer: none }
                  - name: twice
                    timeout-ms: 2000
                    send: { mti: "0200", fields: { 4: "222", 11: "${stan}", 41: "${terminal}" } }
                    expect: { answers: 2, fields: { 39: "00" } }
                  - name: hang up
                    send: { mti: "0200", fields: { 4: "666", 11: "${stan}", 41: "${terminal}" } }
                    expect: { closed: true }
                  - name: echo on a new connection
                    send: { mti: "0800", fields: { 7: "${now}", 11: "${stan}", 41: "${terminal}", 70: "301" } }
                    expect: { mti: "0810", fields: { 39: "00", 70: "301" } }
                  - admin: GET /cards/${card.id}
                    expect: { "holds[0].status": ACTIVE, "holds[1]": absent }
                  - sleep-ms: 10
                """);
        Run r = run(f.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(11, lines.size(), r.out());
        for (String l : lines.subList(0, 10)) assertTrue(l.matches("PASS  paths / .+  \\(\\d+ ms\\)"), l);
        assertEquals("PASS  paths / admin POST /cards", lines.get(0).replaceAll("  \\(\\d+ ms\\)$", ""));
        assertEquals("PASS  paths / purchase", lines.get(2).replaceAll("  \\(\\d+ ms\\)$", ""));
        assertEquals("PASS  paths / sleep 10 ms", lines.get(9).replaceAll("  \\(\\d+ ms\\)$", ""));
        assertEquals("1 scenarios, 10 steps: 10 passed, 0 failed, 0 skipped", lines.get(10));
        assertTrue(r.err().isEmpty(), r.err());
        // the load's body: a JSON number stays a number, ${run} became this run's token
        assertTrue(admin.calls.get(1).matches("POST /cards/7/load \\{\"amount\":10000,\"reference\":\"scn-[0-9a-z]{6,}\"}"), admin.calls.get(1));
        // what the switch got: the wire form (amount padded), the same STAN for the repeat, field 48 encoded
        ISOMsg buy = received.get(0);
        assertEquals("000000001000", buy.getString(4));
        assertEquals("PA001Y", buy.getString(48));
        assertEquals(PAN, buy.getString(2));
        assertEquals("0201", mti(received.get(1)));
        assertEquals(buy.getString(11), received.get(1).getString(11));
        assertFalse(received.get(1).hasField(52));
        assertEquals(2, connections.size(), "the hang-up made the runner open a second connection");
        assertFalse(r.out().contains(PAN));
    }

    @Test
    void vanCarriesBinaryFieldsAsHex() throws Exception {
        Path f = file("van.yml", """
                name: van binary
                dialect: VAN
                steps:
                  - send:
                      mti: "0100"
                      fields: { 2: "%s", 4: "100", 11: "${stan}", 41: VAN00001, 52: "00112233445566FF", 55: "9F2701809F3602" }
                    expect: { mti: "0110", fields: { 39: "00", 52: echo, 55: "9F2701809F3602", 2: echo } }
                """.formatted(PAN));
        Run r = run(f.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("1 scenarios, 1 steps: 1 passed, 0 failed, 0 skipped", r.out().lines().toList().getLast());
    }

    @Test
    void aFailingStepPrintsItsDifferencesMaskedSkipsTheRestAndTheReportSaysSo() throws Exception {
        file("suite/a-declined.yml", """
                name: declined
                steps:
                  - send: { mti: "0200", fields: { 2: "%s", 4: "555", 11: "${stan}", 41: TERM0001 } }
                    expect: { mti: "0230", fields: { 39: "00", 2: "9999000000000020", 38: present, 41: echo } }
                  - sleep-ms: 1
                """.formatted(PAN));
        file("suite/b/unknown.yml", """
                name: unknown variable
                steps:
                  - send: { mti: "0200", fields: { 11: "${stan}", 41: "${terminl}" } }
                """);
        file("suite/c.json", """
                {"name": "passes", "steps": [{"sleep-ms": 1}]}
                """);
        Path report = dir.resolve("reports/ci/junit.xml");
        Run r = run("--junit", report.toString(), dir.resolve("suite").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of(
                "FAIL  declined / 0200 → 0230",
                "    mti: expected \"0230\", got \"0210\"",
                "    field 39: expected \"00\", got \"51\"",
                "    field 2: expected \"999900******0020\", got \"999900******0012\"",
                "    field 38: expected present, absent",
                "SKIP  declined / sleep 1 ms",
                "FAIL  unknown variable / 0200 → answer",
                "    unknown variable ${terminl}",
                "PASS  passes / sleep 1 ms",
                "3 scenarios, 4 steps: 1 passed, 2 failed, 1 skipped"),
                lines.stream().map(l -> l.replaceAll("  \\(\\d+ ms\\)$", "")).toList());
        assertEquals(1, received.size(), "the step with an unknown variable sent nothing");

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        Element root = xml.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("4", root.getAttribute("tests"));
        assertEquals("2", root.getAttribute("failures"));
        assertEquals("1", root.getAttribute("skipped"));
        assertEquals(3, root.getElementsByTagName("testsuite").getLength());
        Element declined = (Element) root.getElementsByTagName("testsuite").item(0);
        assertEquals("declined", declined.getAttribute("name"));
        assertTrue(declined.getAttribute("file").endsWith("a-declined.yml"));
        assertEquals("2", declined.getAttribute("tests"));
        Element firstCase = (Element) declined.getElementsByTagName("testcase").item(0);
        assertEquals("declined", firstCase.getAttribute("classname"));
        assertEquals("0200 → 0230", firstCase.getAttribute("name"));
        assertTrue(firstCase.getAttribute("time").matches("\\d+\\.\\d{3}"));
        Element failure = (Element) firstCase.getElementsByTagName("failure").item(0);
        assertEquals("mti: expected \"0230\", got \"0210\"", failure.getAttribute("message"));
        assertEquals(4, failure.getTextContent().lines().count());
        assertTrue(failure.getTextContent().contains("field 2: expected \"999900******0020\", got \"999900******0012\""));
        assertEquals(1, declined.getElementsByTagName("skipped").getLength());
        String all = Files.readString(report);
        assertFalse(all.contains(PAN) || r.out().contains(PAN), "a PAN in clear");
    }

    @Test
    void theExampleFileRuns() {
        Run r = run(EXAMPLE.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().endsWith("1 scenarios, 5 steps: 5 passed, 0 failed, 0 skipped" + System.lineSeparator()), r.out());
        assertEquals("0201", mti(received.get(1)));
    }

    @Test
    void quietPrintsOnlyFailuresAndTheSummary() throws Exception {
        Path f = file("q.yml", "name: q\nsteps:\n  - sleep-ms: 1\n  - admin: GET /nowhere\n  - sleep-ms: 1\n");
        Run r = run("--quiet", f.toString());
        assertEquals(1, r.code());
        assertEquals(List.of("FAIL  q / admin GET /nowhere", "    status: expected 2xx, got 404 (no card /nowhere)",
                "1 scenarios, 3 steps: 1 passed, 1 failed, 1 skipped"),
                r.out().lines().map(l -> l.replaceAll("  \\(\\d+ ms\\)$", "")).toList());
    }

    @Test
    void aSwitchThatCannotBeReachedExitsThree() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path f = file("x.yml", "name: x\nsteps:\n  - send: { mti: \"0800\", fields: { 11: \"${stan}\", 41: TERM0001 } }\n");
        Run r = run("--terminal-port", String.valueOf(closedPort), f.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("    the switch's TERMINAL port cannot be reached: cannot connect to 127.0.0.1:" + closedPort), r.out());
    }

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of("Unknown option: '--frobnicate'", List.of("--frobnicate", "GOOD")),
                Arguments.of("Missing required parameter: 'FILE|DIR'", List.of()),
                Arguments.of("no such file or directory", List.of("GOOD", "missing.yml")),
                Arguments.of("not a scenario file", List.of("NOTES")),
                Arguments.of("holds no .yml, .yaml or .json file", List.of("EMPTY")),
                Arguments.of("bad.yml: step 1: send.mti must be 4 digits", List.of("GOOD", "BAD")),
                Arguments.of("--timeout-ms must be from 1 to 600000, got 0", List.of("--timeout-ms", "0", "GOOD")),
                Arguments.of("--var a.b: not a valid name", List.of("--var", "a.b=1", "GOOD")),
                Arguments.of("--var stan: a built-in variable", List.of("--var", "stan=1", "GOOD")),
                Arguments.of("should be in KEY=VALUE format", List.of("--var", "novalue", "GOOD")),
                Arguments.of("--admin-url must be an http:// URL", List.of("--admin-url", "localhost:8081", "GOOD")),
                Arguments.of("--van-port must be 1 to 65535, got 0", List.of("--van-port", "0", "GOOD")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsage")
    void badUsageOrABadFileIsOneLineExitTwoAndNothingSent(String problem, List<String> args) throws Exception {
        Path good = file("good.yml", "name: good\nsteps:\n  - send: { mti: \"0800\", fields: { 11: \"${stan}\", 41: TERM0001 } }\n");
        Path bad = file("bad.yml", "name: bad\nsteps:\n  - send: { mti: 800 }\n");
        Path notes = file("notes.txt", "hello");
        Files.createDirectories(dir.resolve("empty"));
        String[] resolved = args.stream().map(a -> switch (a) {
            case "GOOD" -> good.toString();
            case "BAD" -> bad.toString();
            case "NOTES" -> notes.toString();
            case "EMPTY" -> dir.resolve("empty").toString();
            default -> a;
        }).toArray(String[]::new);
        Run r = run(resolved);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("terminal: ") && r.err().contains(problem), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
        assertTrue(received.isEmpty() && connections.isEmpty() && admin.calls.isEmpty(), "something was sent");
    }
}
