package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.packagers.Dialect;

/** {@code terminal run} with pin / pin-mode / mac send steps against the security stand-in of the switch. */
@Timeout(60)
class SecureScenarioTest {
    private static final String PAN = "9999000000000012";
    private static final String PIN = "90817263";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(JposLoopbackServer server, Path scenario, String... more) {
        List<String> args = new ArrayList<>(List.of("run", scenario.toString(), "--terminal-port", Integer.toString(server.port()),
                "--keystore", SecureSwitchStandIn.KEYSTORE.toString(), "--key-state", dir.resolve("keys").toString(), "--timeout-ms", "3000"));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TerminalCli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static String purchase(String id, String terminal, String security) {
        return """
                  - id: %s
                    send:
                      mti: "0200"
                      %s
                      fields: { 2: "%s", 3: "000000", 4: "1000", 7: "${now}", 11: "${stan}", 14: "2812", 22: "012", 37: "${rrn}", 41: %s, 42: MERCHANT0000001, 49: "840" }
                    expect: { mti: "0210", fields: { 39: "00" } }
                """.formatted(id, security, PAN, terminal);
    }

    private static String keyChange(String terminal, String expectation) {
        return """
                  - name: key change
                    send: { mti: "0800", mac: retail, fields: { 7: "${now}", 11: "${stan}", 41: %s, 70: "101" } }
                    expect: { mti: "0810", fields: { 39: "00"%s } }
                """.formatted(terminal, expectation);
    }

    private Path file(String name, String steps) throws Exception {
        Path f = dir.resolve(name + ".yml");
        Files.writeString(f, "name: " + name + "\nvars: { pin: \"" + PIN + "\" }\nsteps:\n" + steps);
        return f;
    }

    @Test
    void pinsAndMacsOfEveryModeAndAKeyChangeMidScenario() throws Exception {
        SecureSwitchStandIn sw = new SecureSwitchStandIn(Dialect.TERMINAL);
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, sw)) {
            Path f = file("keyed terminals",
                    purchase("tdes", "TERM0001", "pin: \"${pin}\"\n      mac: retail")
                    + "  - send: { from: tdes, mti: \"0201\" }\n    expect: { fields: { 39: \"00\", 64: present } }\n"
                    + keyChange("TERM0001", "")
                    + purchase("after", "TERM0001", "pin: \"${pin}\"\n      mac: retail")
                    + purchase("dukpt", "TERM0004", "pin: \"1234\"")
                    + purchase("aes", "TERM0003", "pin: \"${pin}\"\n      mac: aes-cmac")
                    + purchase("forced", "TERM0002", "pin: \"${pin}\"\n      pin-mode: aes"));
            Run r = run(server, f, "--junit", dir.resolve("report.xml").toString());
            // TERM0002 is a tdes terminal: an AES PIN block is what the step asked for, and the switch cannot read it
            assertEquals(TerminalCli.MISMATCH, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("1 scenarios, 7 steps: 6 passed, 1 failed"), r.out());
            assertEquals(List.of("tdes:" + PIN, "tdes:" + PIN, "tdes:" + PIN, "dukpt:1234", "aes:" + PIN, "undecipherable"), sw.pins);
            assertEquals(List.of("good", "good", "good", "good", "good"), sw.macVerdicts, "the repeat and the request after the key change too");
            assertEquals(1, sw.ksns.size());
            assertTrue(Files.exists(dir.resolve("keys").resolve("TERM0001.keys")), "the new keys are kept for the next run");
            String report = Files.readString(dir.resolve("report.xml"));
            for (String secret : sw.wireSecrets) {
                assertFalse(r.out().contains(secret) || report.contains(secret), "a PIN block, MAC or key was printed");
            }
            assertFalse(r.out().contains(PIN) || report.contains(PIN));
        }
    }

    @Test
    void aBadAnswerMacOrARefusedKeyFailsTheStepWithoutShowingSecrets() throws Exception {
        SecureSwitchStandIn sw = new SecureSwitchStandIn(Dialect.TERMINAL);
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, sw)) {
            sw.answerMac = SecureSwitchStandIn.AnswerMac.TAMPERED;
            Run tampered = run(server, file("tampered", purchase("buy", "TERM0001", "mac: retail")));
            assertEquals(TerminalCli.MISMATCH, tampered.code());
            assertTrue(tampered.out().contains("FAIL  tampered / 0200 → 0210"), tampered.out());
            assertTrue(tampered.out().contains("    answer MAC does not verify"), tampered.out());

            sw.answerMac = SecureSwitchStandIn.AnswerMac.GOOD;
            sw.wrongCheckValue = true;
            Path report = dir.resolve("refused.xml");
            Run refused = run(server, file("refused", keyChange("TERM0001", ", 48: nothing")), "--junit", report.toString());
            assertEquals(TerminalCli.MISMATCH, refused.code());
            assertTrue(refused.out().contains("the terminal refuses the new keys: PK: working key check value mismatch"), refused.out());
            assertTrue(refused.out().contains("field 48: expected \"nothing\", got \"PK023****************...(38)MK023****************...(38)\""), refused.out());
            String xml = Files.readString(report);
            for (String secret : sw.wireSecrets) assertFalse(refused.out().contains(secret) || xml.contains(secret), secret);
            assertFalse(Files.exists(dir.resolve("keys").resolve("TERM0001.keys")));
        }
    }

    @Test
    void badSecurityKeysAreAFileProblem() throws Exception {
        List<List<String>> cases = List.of(
                List.of("pin: \"12\"", "send.pin must be 4 to 12 digits"),
                List.of("pin: \"1234\"\n      pin-mode: rsa", "send.pin-mode must be tdes, dukpt or aes, got 'rsa'"),
                List.of("pin-mode: aes", "send.pin-mode goes with send.pin"),
                List.of("mac: sha1", "send.mac must be retail, aes-cmac or none, got 'sha1'"));
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, JposLoopbackServer.approveAll())) {
            for (List<String> c : cases) {
                Run r = run(server, file("bad", purchase("buy", "TERM0001", c.get(0))));
                assertEquals(TerminalCli.USAGE, r.code(), r.out() + r.err());
                assertEquals(1, r.err().lines().count(), r.err());
                assertTrue(r.err().contains(c.get(1)), r.err());
                assertEquals("", r.out(), "nothing sent");
            }
        }
    }
}
