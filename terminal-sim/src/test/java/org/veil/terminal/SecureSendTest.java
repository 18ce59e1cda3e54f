package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.packagers.Dialect;
import org.veil.security.KeyVault;

/** {@code terminal send} as a keyed terminal against a loopback switch stand-in that checks PINs and MACs. */
@Timeout(60)
class SecureSendTest {
    private static final String PAN = "9999000000000012";
    private static final String PIN = "90817263";
    private static final String KEYSTORE = SecureSwitchStandIn.KEYSTORE.toString();

    @TempDir
    Path keyState;

    private record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Run cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TerminalCli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** send ... on the stand-in's port with the test keystore, the terminal's working keys kept in the test's directory. */
    private Run send(JposLoopbackServer server, String... args) {
        List<String> argv = new ArrayList<>(List.of("send", "--port", Integer.toString(server.port()), "--keystore", KEYSTORE,
                "--key-state", keyState.toString()));
        argv.addAll(List.of(args));
        return cli(argv);
    }

    private static String[] purchase(String terminal, String... more) {
        return Stream.concat(Stream.of("--type", "purchase", "--amount", "1000", "--pan", PAN, "--expiry", "2812",
                "--terminal", terminal), Stream.of(more)).toArray(String[]::new);
    }

    /** Neither the PIN nor anything secret that crossed the wire, nor any key of the keystore, shows in the output. */
    private static void assertNoSecrets(Run r, SecureSwitchStandIn sw) {
        String all = r.all();
        assertFalse(all.contains(PIN), "the PIN was printed");
        for (String hex : sw.wireSecrets) assertFalse(all.toUpperCase().contains(hex.toUpperCase()), "a PIN block, MAC or key was printed: " + all);
        KeyVault vault = sw.vault;
        for (String alias : List.of("bdk", "tmk", "tpk", "tak", "tpk-aes", "tak-aes")) {
            String hex = HexFormat.of().withUpperCase().formatHex(vault.key(alias).getEncoded());
            assertFalse(all.toUpperCase().contains(hex.substring(0, 16)), "key " + alias + " was printed");
        }
    }

    @Test
    void tdesPinAndRetailMacAreCheckedByTheSwitchAndTheAnswerMacVerifies() throws Exception {
        SecureSwitchStandIn sw = new SecureSwitchStandIn(Dialect.TERMINAL);
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, sw)) {
            Run r = send(server, purchase("TERM0001", "--pin", PIN, "--mac", "retail", "--expect", "00"));
            assertEquals(TerminalCli.OK, r.code(), r.all());
            assertEquals(List.of("tdes:" + PIN), sw.pins);
            assertEquals(List.of("good"), sw.macVerdicts);
            assertTrue(r.out().contains("(PIN block, not shown)"), r.out());
            assertTrue(r.out().contains("(MAC, not shown)"), r.out());
            assertTrue(r.out().contains("'011'"), "keyed, PIN capable: " + r.out());
            assertEquals("", r.err());
            assertNoSecrets(r, sw);
        }
    }

    @Test
    void dukptSendsItsKsnAndTheSwitchDerivesThePinKeyFromIt() throws Exception {
        SecureSwitchStandIn sw = new SecureSwitchStandIn(Dialect.TERMINAL);
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, sw)) {
            String ksn = "FFFF9876543210E0002A";
            Run explicit = send(server, purchase("TERM0004", "--swipe", "--pin", PIN, "--ksn", ksn, "--mac", "retail", "--repeat", "1"));
            assertEquals(TerminalCli.OK, explicit.code(), explicit.all());
            // the repeat is the same transaction: same KSN and PIN block, MAC recomputed for its MTI
            assertEquals(List.of(ksn, ksn), sw.ksns);
            assertEquals(List.of("dukpt:" + PIN, "dukpt:" + PIN), sw.pins);
            assertEquals(List.of("good", "good"), sw.macVerdicts);
            assertTrue(explicit.out().contains("KS=***"), explicit.out());
            assertNoSecrets(explicit, sw);

            Run fromClock = send(server, purchase("TERM0004", "--pin", PIN)); // the profile's mode, default KSN
            assertEquals(TerminalCli.OK, fromClock.code(), fromClock.all());
            assertEquals(3, sw.ksns.size());
            assertTrue(sw.ksns.get(2).startsWith("FFFF9876543210E"), sw.ksns.get(2));
            assertEquals("dukpt:" + PIN, sw.pins.get(2));
        }
    }

    @Test
    void aesPinInField48AndAesCmacOnTheVanEdge() throws Exception {
        SecureSwitchStandIn sw = new SecureSwitchStandIn(Dialect.VAN);
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.VAN, sw)) {
            Run aes = send(server, Stream.concat(Stream.of("--dialect", "van"),
                    Stream.of(purchase("VAN00003", "--pin", PIN, "--mac", "aes-cmac", "--partial"))).toArray(String[]::new));
            assertEquals(TerminalCli.OK, aes.code(), aes.all());
            assertEquals(List.of("aes:" + PIN), sw.pins);
            assertEquals(List.of("good"), sw.macVerdicts);
            assertTrue(aes.out().contains("PA=Y P4=***"), aes.out());
            assertNoSecrets(aes, sw);

            Run tdes = send(server, Stream.concat(Stream.of("--dialect", "van"),
                    Stream.of(purchase("VAN00001", "--pin", PIN, "--mac", "retail"))).toArray(String[]::new));
            assertEquals(TerminalCli.OK, tdes.code(), tdes.all());
            assertEquals("tdes:" + PIN, sw.pins.get(1));
            assertNoSecrets(tdes, sw);
        }
    }

    @Test
    void aTamperedOrMissingAnswerMacIsOneLineAndExit1() throws Exception {
        SecureSwitchStandIn sw = new SecureSwitchStandIn(Dialect.TERMINAL);
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, sw)) {
            for (SecureSwitchStandIn.AnswerMac bad : List.of(SecureSwitchStandIn.AnswerMac.TAMPERED, SecureSwitchStandIn.AnswerMac.MISSING)) {
                sw.answerMac = bad;
                Run r = send(server, purchase("TERM0001", "--mac", "retail"));
                assertEquals(TerminalCli.MISMATCH, r.code(), bad + ": " + r.all());
                assertEquals("terminal: answer MAC does not verify" + System.lineSeparator(), r.err(), bad.toString());
                assertTrue(r.out().contains("0210 financial response"), "the answer is still shown: " + r.out());
            }
            sw.answerMac = SecureSwitchStandIn.AnswerMac.TAMPERED;
            Run unMaced = send(server, purchase("TERM0001"));
            assertEquals(TerminalCli.OK, unMaced.code(), "no MAC asked, nothing checked: " + unMaced.all());
            assertFalse(unMaced.out().contains("MAC"), unMaced.out());
        }
    }

    @Test
    void aMacUnderTheWrongKeyGets63WhichCarriesNoMac() throws Exception {
        SecureSwitchStandIn sw = new SecureSwitchStandIn(Dialect.TERMINAL);
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, sw)) {
            // TERM0003's profile is aes-cmac: a retail MAC is refused
            Run r = send(server, purchase("TERM0003", "--mac", "retail", "--expect", "63"));
            assertEquals(TerminalCli.OK, r.code(), r.all());
            assertEquals(List.of("bad"), sw.macVerdicts);
            assertTrue(r.out().contains("63 "), r.out());
        }
    }

    @Test
    void keyChangePrintsCheckValuesAndTheNextRequestUsesTheNewKeys() throws Exception {
        SecureSwitchStandIn sw = new SecureSwitchStandIn(Dialect.TERMINAL);
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, sw)) {
            Run change = send(server, "--type", "key-change", "--terminal", "TERM0002", "--mac", "retail");
            assertEquals(TerminalCli.OK, change.code(), change.all());
            assertTrue(change.out().contains("0810 network management response"), change.out());
            assertTrue(change.out().contains("new working keys accepted: TPK KCV " + sw.issuedCheckValues.get(0)
                    + ", TAK KCV " + sw.issuedCheckValues.get(1)), change.out());
            assertTrue(change.out().contains("PK=*** MK=***"), change.out());
            assertNoSecrets(change, sw);

            String saved = Files.readString(keyState.resolve("TERM0002.keys"));
            assertTrue(saved.contains("PK=") && saved.contains("MK="), saved);

            // the next run of TERM0002 starts from the saved keys (the switch holds the same): PIN and MAC under them
            Run next = send(server, purchase("TERM0002", "--pin", PIN, "--mac", "retail", "--expect", "00"));
            assertEquals(TerminalCli.OK, next.code(), next.all());
            assertEquals(List.of("good", "good"), sw.macVerdicts);
            assertEquals(List.of("tdes:" + PIN), sw.pins, "the PIN block decrypts under the new TPK");

            // a terminal still on the old TAK (no saved keys) is refused by the switch
            Run stale = cli(List.of("send", "--port", Integer.toString(server.port()), "--keystore", KEYSTORE,
                    "--key-state", keyState.resolve("elsewhere").toString(), "--terminal", "TERM0002", "--type", "echo", "--mac", "retail"));
            assertTrue(stale.out().contains("63 "), stale.out());
            assertEquals(List.of("good", "good", "bad"), sw.macVerdicts);

            // key change first, then the PIN and MAC under the new keys on the same connection
            Run fresh = send(server, purchase("TERM0005", "--key-change-first", "--pin", PIN, "--mac", "retail", "--expect", "00"));
            assertEquals(TerminalCli.OK, fresh.code(), fresh.all());
            assertEquals(List.of("good", "good", "bad", "good", "good"), sw.macVerdicts);
            assertEquals(List.of("tdes:" + PIN, "tdes:" + PIN), sw.pins, "the PIN block decrypts under the new TPK");
            assertTrue(fresh.out().indexOf("0810") < fresh.out().indexOf("0200 financial request"), fresh.out());
            assertTrue(fresh.out().contains("TPK KCV " + sw.issuedCheckValues.get(2)), fresh.out());
            assertNoSecrets(fresh, sw);
        }
    }

    @Test
    void aWrongCheckValueIsRefusedAndTheTransactionIsNotSent() throws Exception {
        SecureSwitchStandIn sw = new SecureSwitchStandIn(Dialect.TERMINAL);
        sw.wrongCheckValue = true;
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, sw)) {
            Run r = send(server, purchase("TERM0001", "--key-change-first", "--pin", PIN));
            assertEquals(TerminalCli.MISMATCH, r.code(), r.all());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("terminal: the terminal refuses the new keys: PK: working key check value mismatch"), r.err());
            assertFalse(r.out().contains("0200"), "the purchase went out: " + r.out());
            assertTrue(sw.pins.isEmpty());
            assertFalse(Files.exists(keyState.resolve("TERM0001.keys")), "refused keys are not saved");
            assertNoSecrets(r, sw);

            Run alone = send(server, "--type", "key-change");
            assertEquals(TerminalCli.MISMATCH, alone.code(), alone.all());
            assertTrue(alone.err().contains("refuses the new keys"), alone.err());
        }
    }

    @Test
    void anAesTerminalAskingForAKeyChangeGets12AndSendsNothingElse() throws Exception {
        SecureSwitchStandIn sw = new SecureSwitchStandIn(Dialect.TERMINAL);
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, sw)) {
            Run r = send(server, purchase("TERM0003", "--key-change-first", "--pin", PIN));
            assertEquals(TerminalCli.MISMATCH, r.code(), r.all());
            assertEquals("terminal: key change answered 12, so the transaction was not sent" + System.lineSeparator(), r.err());
            assertTrue(sw.pins.isEmpty());
        }
    }

    @Test
    void savedKeysThatDoNotFitTheKeystoreAreAUsageError() throws Exception {
        Files.writeString(keyState.resolve("TERM0001.keys"), "PK=" + "11".repeat(16) + "ABCDEF\nMK=" + "22".repeat(16) + "123456\n");
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, JposLoopbackServer.approveAll())) {
            Run r = send(server, "--type", "echo", "--mac", "retail");
            assertEquals(TerminalCli.USAGE, r.code(), r.all());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("TERM0001.keys do not fit this keystore") && r.err().contains("delete that file"), r.err());
            assertEquals("", r.out());
        }
    }

    @Test
    void withoutSecurityOptionsTheKeystoreIsNotEvenRead() throws Exception {
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, JposLoopbackServer.approveAll())) {
            Run r = cli(List.of("send", "--port", Integer.toString(server.port()), "--keystore", "/nonexistent/keys.p12",
                    "--type", "purchase", "--pan", PAN, "--expiry", "2812", "--amount", "100"));
            assertEquals(TerminalCli.OK, r.code(), r.all());
            assertFalse(r.out().contains(" 52 ") || r.out().contains(" 64 "), r.out());
            assertTrue(r.out().contains("'012'"), r.out());
        }
    }
}
