package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;
import org.veil.terminal.TerminalCli;
import org.veil.cardswitch.control.FaultCli;

/**
 * The test-harness controls with the real issuer host: forced outcomes and injected faults, and the terminal
 * simulator's own recovery from a missing answer. Money moves exactly as the terminal is told.
 */
class HarnessControlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static VeilStack stack;
    private static AdminClient admin;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("harness", Map.of());
        admin = stack.admin();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) stack.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"issuer", "switch"})
    void eachServerRunsWithTheJvmOptionsOfItsCfg(String service) throws Exception {
        List<String> cfg = JvmOptionsFile.read(VeilStack.findRoot().resolve("cfg/" + service + "/jvm.options"));
        assertFalse(cfg.isEmpty(), "cfg/" + service + "/jvm.options gives the " + service + " its heap");
        long pid = service.equals("issuer") ? stack.issuerPid() : stack.switchPid();
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        assumeTrue(Files.exists(cmdline), "Linux only"); // ProcessHandle.Info leaves out a command line this long
        List<String> args = List.of(Files.readString(cmdline).split("\0"));
        for (String option : cfg) assertTrue(args.contains(option), option + " not among " + args);
    }

    @Test
    void forcedPartialDebitsExactlyThePartialAmountAndAForcedDeclineNothing() throws Exception {
        IssuedCard card = admin.issueLoaded("PREPAID-USD", 10_000);
        RequestFactory rf = new RequestFactory("FORC0002", "FORCED000000001", "Veil Forced Outcomes", "840");
        CardData keyed = CardData.keyed(card.pan(), card.expiry());
        try (IsoClient c = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal())) {
            ISOMsg purchase = RequestFactory.withPartialApproval(rf.purchase(keyed, 4_010));
            ISOMsg ans = c.call(purchase, TIMEOUT);
            assertEquals("10", ans.getString(39));
            assertEquals("000000002005", ans.getString(4));
            ISOMsg again = c.call(RequestFactory.repeat(purchase), TIMEOUT);
            assertEquals("10", again.getString(39));
            assertEquals("000000002005", again.getString(4));

            assertEquals("51", c.call(rf.purchase(keyed, 1_051), TIMEOUT).getString(39));
        }
        assertEquals(7_995, StackFixture.awaitLedger(admin, card.id(), 7_995), "debited the partial amount once");
        assertEquals(2_005, admin.merchant("FORCED000000001").get("ledger").asLong());
        StackFixture.assertLedgerAudits(admin);
    }

    @Test
    void theTerminalSimulatorReversesOrRepeatsARequestThatGetsNoAnswer() throws Exception {
        IssuedCard card = admin.issueLoaded("PREPAID-USD", 10_000);
        String[] send = {"send", "--type", "purchase", "--pan", card.pan(), "--expiry", card.expiry(), "--amount", "199",
                "--terminal", "FORC0003", "--merchant", "FORCED000000001", "--port", String.valueOf(stack.ports().terminal()),
                "--timeout", "1s", "--tries", "2", "--on-no-answer"};

        Cli reversed = Cli.run(append(send, "reverse"));
        assertEquals(TerminalCli.NO_ANSWER, reversed.code, reversed.err);
        assertTrue(reversed.err.contains("no answer, reverse (attempt 1 of 2)"), reversed.err);
        // the forced rule kept the purchase from the issuer, so its reversal finds no original
        assertTrue(reversed.err.contains("reversal answered 25"), reversed.err);
        assertTrue(reversed.out.contains("0410"), reversed.out);

        Cli repeated = Cli.run(append(send, "repeat"));
        assertEquals(TerminalCli.NO_ANSWER, repeated.code, repeated.err);
        assertTrue(repeated.err.contains("still no answer after 2 repeats"), repeated.err);
        assertEquals(10_000, StackFixture.awaitLedger(admin, card.id(), 10_000), "nothing moved");
    }

    @Test
    void aRepeatRecoversADroppedAnswerAndAReversalUndoesAPurchaseWhoseConnectionClosed() throws Exception {
        IssuedCard card = admin.issueLoaded("PREPAID-USD", 10_000);
        String[] send = {"send", "--type", "purchase", "--pan", card.pan(), "--expiry", card.expiry(),
                "--terminal", "FLT00009", "--port", String.valueOf(stack.ports().terminal()),
                "--timeout", "1500ms", "--tries", "2", "--amount"};

        fault("--terminal", "FLT00009", "--kind", "drop", "--times", "1");
        Cli repeated = Cli.run(append(append(send, "300"), "--on-no-answer=repeat"));
        assertEquals(TerminalCli.OK, repeated.code, repeated.err);
        assertTrue(repeated.err.contains("no answer, repeat (attempt 1 of 2)"), repeated.err);
        assertTrue(repeated.out.contains("answer to the repeat"), repeated.out);
        assertEquals(9_700, StackFixture.awaitLedger(admin, card.id(), 9_700), "charged once for the purchase and its repeat");

        fault("--terminal", "FLT00009", "--kind", "close", "--times", "1");
        Cli reversed = Cli.run(append(append(send, "500"), "--on-no-answer=reverse"));
        assertEquals(TerminalCli.NO_ANSWER, reversed.code, reversed.err);
        assertTrue(reversed.err.contains("closed before the answer"), reversed.err);
        assertTrue(reversed.err.contains("reversal answered 00"), reversed.err);
        assertEquals(9_700, StackFixture.awaitLedger(admin, card.id(), 9_700), "the purchase the terminal never heard of is reversed");
        StackFixture.assertLedgerAudits(admin);
    }

    private static void fault(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "--switch-url";
        all[1] = "http://127.0.0.1:" + stack.ports().switchAdmin();
        all[2] = "add";
        System.arraycopy(args, 0, all, 3, args.length);
        assertEquals(FaultCli.OK, FaultCli.run(all, new PrintWriter(out), new PrintWriter(err)), err.toString());
    }

    private static String[] append(String[] args, String last) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    /** The terminal simulator's command line run in this JVM. */
    record Cli(int code, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = TerminalCli.run(args, new PrintWriter(out), new PrintWriter(err));
            return new Cli(code, out.toString(), err.toString());
        }
    }
}
