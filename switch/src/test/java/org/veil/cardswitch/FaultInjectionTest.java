package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults injected through the control API, seen from real TERMINAL and VAN connections: each kind does what it
 * says to the answers of its terminal or merchant only, the request is still processed, and the journal names the
 * fault (its fault column is empty for every other exchange).
 */
@ExtendWith(RunningSwitch.class)
@Timeout(60)
class FaultInjectionTest {
    /** Long enough that a missing answer is not merely late: the switch answers these in milliseconds. */
    private static final int NO_ANSWER_WAIT_MS = 1_000;
    private static final byte[] NOT_A_MAC = {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, (byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF};
    private IssuerStandIn issuer;

    @BeforeEach
    void reset() throws Exception {
        issuer = RunningSwitch.issuer;
        issuer.answerWith(IssuerStandIn::approve);
        issuer.received().clear();
        ControlClient.clearAll();
    }

    @AfterEach
    void clear() throws Exception {
        ControlClient.clearAll();
    }

    /** A purchase from the given acceptor (field 41 and 42). */
    private static ISOMsg sale(EdgeClient c, String terminal, String merchant) throws Exception {
        ISOMsg m = c.request("0200", EdgeClient.PAN, 1_000);
        m.set(41, terminal);
        m.set(42, merchant);
        return m;
    }

    @Test
    void delayHoldsTheAnswerBackWithoutHoldingUpOthers() throws Exception {
        long id = ControlClient.add(Map.of("terminal", "TERM0005", "kind", "delay", "delayMs", 1_500, "times", 1));
        try (EdgeClient late = EdgeClient.terminal(); EdgeClient other = EdgeClient.terminal()) {
            ISOMsg req = sale(late, "TERM0005", "MERCHANT0000001");
            long start = System.nanoTime();
            late.send(req);
            // meanwhile another terminal is answered at once: the delay holds no transaction manager session
            ISOMsg quick = sale(other, "TERM0006", "MERCHANT0000001");
            assertEquals("00", other.ask(quick).getString(39));
            assertTrue(millisSince(start) < 1_000, "another terminal waited " + millisSince(start) + " ms");
            ISOMsg resp = late.receive();
            long millis = millisSince(start);
            assertEquals("00", resp.getString(39));
            assertEquals(req.getString(11), resp.getString(11));
            assertTrue(millis >= 1_500 && millis < 4_000, "answered after " + millis + " ms");
            assertEquals("injected: delay 1500 ms (fault " + id + ")", ControlClient.journaledFault("TERM0005", req.getString(11)));
            assertEquals("", ControlClient.journaledFault("TERM0006", quick.getString(11)), "not injected, not named");
        }
    }

    @Test
    void dropSendsNothingThoughTheRequestWasProcessedAndItsRepeatGetsTheAnswer() throws Exception {
        long id = ControlClient.add(Map.of("terminal", "VAN00005", "kind", "drop", "times", 1));
        ISOMsg req;
        try (EdgeClient v = EdgeClient.van()) {
            req = sale(v, "VAN00005", "VANSHOP00000001");
            v.send(req);
            assertNull(v.receive(NO_ANSWER_WAIT_MS), "no answer");
        }
        assertEquals(1, issuer.received().size(), "the issuer got the request all the same");
        assertEquals("injected: drop (fault " + id + ")", ControlClient.journaledFault("VAN00005", req.getString(11)));
        try (EdgeClient v = EdgeClient.van()) {
            ISOMsg repeat = (ISOMsg) req.clone();
            repeat.setMTI("0201");
            ISOMsg resp = v.ask(repeat);
            assertEquals("0210", resp.getMTI());
            assertEquals("00", resp.getString(39), "the lost answer, from the journal");
        }
        assertEquals(1, issuer.received().size(), "the repeat moved no money");
    }

    @Test
    void closeEndsTheConnectionInsteadOfAnswering() throws Exception {
        long id = ControlClient.add(Map.of("terminal", "TERM0005", "kind", "close"));
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = sale(t, "TERM0005", "MERCHANT0000001");
            t.send(req);
            long start = System.nanoTime();
            assertThrows(IOException.class, t::receive, "the connection is closed");
            assertTrue(millisSince(start) < 5_000);
            assertEquals(1, issuer.received().size(), "the request was processed");
            assertEquals("injected: close (fault " + id + ")", ControlClient.journaledFault("TERM0005", req.getString(11)));
        }
    }

    @Test
    void doubleSendsTheSameAnswerTwice() throws Exception {
        long id = ControlClient.add(Map.of("terminal", "TERM0005", "kind", "double", "times", 1));
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = sale(t, "TERM0005", "MERCHANT0000001");
            ISOMsg first = t.ask(req);
            ISOMsg second = t.receive(5_000);
            assertNotNull(second, "a second answer");
            assertEquals("00", first.getString(39));
            assertArrayEquals(first.pack(), second.pack(), "the same answer");
            assertArrayEquals(first.getHeader(), second.getHeader(), "the same TPDU");
            assertEquals("6000340012", org.jpos.iso.ISOUtil.hexString(second.getHeader()), "NIIs swapped in both");
            assertNull(t.receive(300), "and no third");
            assertEquals(1, issuer.received().size(), "forwarded once");
            assertEquals("injected: double (fault " + id + ")", ControlClient.journaledFault("TERM0005", req.getString(11)));
        }
    }

    @Test
    void corruptMacAddsAField64ThatIsNoMacOnBothDialects() throws Exception {
        ControlClient.add(Map.of("terminal", "VAN00006", "kind", "corrupt-mac"));
        ControlClient.add(Map.of("terminal", "TERM0006", "kind", "corrupt-mac"));
        try (EdgeClient v = EdgeClient.van(); EdgeClient t = EdgeClient.terminal()) {
            ISOMsg clean = v.ask(sale(v, "VAN00007", "VANSHOP00000001"));
            assertFalse(clean.hasField(64), "a request without a MAC gets an answer without one");
            for (EdgeClient c : new EdgeClient[] {v, t}) {
                String terminal = c == v ? "VAN00006" : "TERM0006";
                ISOMsg req = sale(c, terminal, c.merchantId());
                ISOMsg resp = c.ask(req);
                assertEquals("00", resp.getString(39));
                assertArrayEquals(NOT_A_MAC, resp.getBytes(64), terminal + ": field 64 holds bytes that are no MAC");
                assertTrue(ControlClient.journaledFault(terminal, req.getString(11)).startsWith("injected: corrupt-mac (fault "));
            }
        }
    }

    @Test
    void merchantFaultAppliesToAllItsTerminalsAndATerminalFaultWinsOverIt() throws Exception {
        ControlClient.add(Map.of("merchant", "LOADTEST0000001", "kind", "corrupt-mac"));
        long terminalFault = ControlClient.add(Map.of("terminal", "LT000102", "kind", "double"));
        try (EdgeClient t = EdgeClient.terminal()) {
            for (String terminal : new String[] {"LT000101", "LT000103"}) {
                ISOMsg resp = t.ask(sale(t, terminal, "LOADTEST0000001"));
                assertArrayEquals(NOT_A_MAC, resp.getBytes(64), terminal + " gets the merchant's fault");
            }
            ISOMsg req = sale(t, "LT000102", "LOADTEST0000001");
            ISOMsg first = t.ask(req);
            ISOMsg second = t.receive(5_000);
            assertFalse(first.hasField(64), "the terminal's fault, not the merchant's");
            assertNotNull(second, "doubled");
            assertEquals("injected: double (fault " + terminalFault + ")", ControlClient.journaledFault("LT000102", req.getString(11)));
            ISOMsg elsewhere = t.ask(sale(t, "TERM0007", "MERCHANT0000001"));
            assertFalse(elsewhere.hasField(64), "another merchant's terminal is left alone");
        }
    }

    @Test
    void timesLimitsTheFaultThenItRemovesItselfAndAnswersAreCleanAgain() throws Exception {
        long id = ControlClient.add(Map.of("terminal", "TERM0008", "kind", "corrupt-mac", "times", 2));
        assertEquals(2, ControlClient.list().get(0).get("remaining").asInt());
        try (EdgeClient t = EdgeClient.terminal()) {
            for (int i = 0; i < 2; i++) assertTrue(t.ask(sale(t, "TERM0008", "MERCHANT0000001")).hasField(64), "answer " + (i + 1));
            assertEquals(0, ControlClient.list().size(), "used up, removed");
            ISOMsg req = sale(t, "TERM0008", "MERCHANT0000001");
            assertFalse(t.ask(req).hasField(64), "the third answer is clean");
            assertEquals("", ControlClient.journaledFault("TERM0008", req.getString(11)));
        }
        assertTrue(id > 0);
    }

    @Test
    void clearedFaultsNoLongerApply() throws Exception {
        long one = ControlClient.add(Map.of("terminal", "FLT00009", "kind", "corrupt-mac"));
        ControlClient.add(Map.of("terminal", "FLT00009", "kind", "drop"));
        ControlClient.add(Map.of("merchant", "MERCHANT0000001", "kind", "drop"));
        try (EdgeClient t = EdgeClient.terminal()) {
            assertTrue(t.ask(sale(t, "FLT00009", "MERCHANT0000001")).hasField(64), "the oldest of the terminal's faults first");
            ControlClient.Reply removed = ControlClient.call("DELETE", "/faults/" + one, null);
            assertEquals(200, removed.status());
            assertEquals(one, removed.body().get("id").asLong());
            assertEquals(2, ControlClient.clearAll(), "the two left");
            assertFalse(t.ask(sale(t, "FLT00009", "MERCHANT0000001")).hasField(64), "answered normally");
        }
    }

    @Test
    void networkManagementAnswersOfATerminalAreFaultedToo() throws Exception {
        ControlClient.add(Map.of("terminal", "VAN00008", "kind", "corrupt-mac", "times", 1));
        try (EdgeClient v = EdgeClient.van()) {
            ISOMsg echo = v.echo();
            echo.set(41, "VAN00008");
            ISOMsg resp = v.ask(echo);
            assertEquals("0810", resp.getMTI());
            assertArrayEquals(NOT_A_MAC, resp.getBytes(64));
            ISOMsg anonymous = v.ask(v.echo());
            assertFalse(anonymous.hasField(64), "no field 41: no terminal to match");
        }
        assertTrue(issuer.received().isEmpty());
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
