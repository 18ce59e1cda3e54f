package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * Reversals the switch must deliver: after an issuer that hangs past the timeout, and across a kill -9
 * of the switch itself. Each is applied exactly once however often it is redelivered.
 */
@Timeout(180)
class StoreAndForwardTest {
    private static final long TIMEOUT_MS = 1500;
    private static final long LOAD = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static VeilStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("saf", Map.of("veil.issuer.timeout.ms", String.valueOf(TIMEOUT_MS), "veil.saf.retry.ms", "300"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) stack.close();
    }

    @Test
    void hungIssuerGets91InTimeItsLateAnswerIsDroppedAndTheReversalUndoesThePurchase() throws Exception {
        IssuedCard card = stack.admin().issueLoaded("PREPAID-USD", LOAD);
        RequestFactory rf = new RequestFactory("TERM0005", "MERCHANT0000001", "Veil Demo Coffee", "840");
        CardData data = CardData.keyed(card.pan(), card.expiry());
        try (IsoClient c = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal())) {
            stack.pauseIssuer();
            long t0 = System.nanoTime();
            ISOMsg answer;
            try {
                answer = c.call(rf.purchase(data, 1_000), WAIT);
            } finally {
                stack.resumeIssuer();
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("91", answer.getString(39));
            assertTrue(ms < TIMEOUT_MS + 1_000, "91 took " + ms + " ms with a " + TIMEOUT_MS + " ms issuer timeout");
            // the resumed issuer approves what it had read; its answer comes too late and the queued reversal undoes it
            assertEquals(LOAD, StackFixture.awaitLedger(stack.admin(), card.id(), LOAD), "the late-approved purchase was not reversed");
            Thread.sleep(500);
            assertEquals(0, c.unmatchedAnswers(), "the issuer's late answer reached the terminal");
            assertEquals("00", c.call(rf.purchase(data, 500), WAIT).getString(39), "the link did not recover");
        }
        assertEquals(LOAD - 500, StackFixture.awaitLedger(stack.admin(), card.id(), LOAD - 500));
        StackFixture.assertLedgerAudits(stack.admin());
    }

    @Test
    void reversalAdviceAcknowledgedWhileTheIssuerIsDownSurvivesKillOfTheSwitch() throws Exception {
        IssuedCard card = stack.admin().issueLoaded("PREPAID-USD", LOAD);
        RequestFactory rf = new RequestFactory("VAN00005", "VANSHOP00000001", "Veil Demo Web Shop", "840");
        CardData data = CardData.keyed(card.pan(), card.expiry());
        try (IsoClient c = IsoClient.connect(Dialect.VAN, "127.0.0.1", stack.ports().van())) {
            ISOMsg purchase = rf.purchase(data, 2_000);
            assertEquals("00", c.call(purchase, WAIT).getString(39));
            stack.stopIssuer();
            // acknowledged means stored: the switch must deliver it whatever happens to it next
            assertEquals("00", c.call(rf.reversalAdvice(purchase, 0), WAIT).getString(39));
        }
        stack.killSwitch();
        stack.startIssuer();
        assertEquals(LOAD - 2_000, stack.admin().ledger(String.valueOf(card.id())), "reversed before the switch was back");
        stack.startSwitch();
        assertEquals(LOAD, StackFixture.awaitLedger(stack.admin(), card.id(), LOAD), "the acknowledged reversal advice was lost with the switch");
        assertDeliveredOnce(card, LOAD);
    }

    @Test
    void completionAdviceAcknowledgedWhileTheIssuerIsDownSurvivesKillOfTheSwitch() throws Exception {
        IssuedCard card = stack.admin().issueLoaded("PREPAID-USD", LOAD);
        RequestFactory rf = new RequestFactory("TERM0004", "MERCHANT0000001", "Veil Demo Coffee", "840");
        try (IsoClient c = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal())) {
            ISOMsg auth = rf.authorization(CardData.keyed(card.pan(), card.expiry()), 3_000);
            ISOMsg approved = c.call(auth, WAIT);
            assertEquals("00", approved.getString(39));
            stack.stopIssuer();
            assertEquals("00", c.call(rf.completion(auth, approved, 2_000), WAIT).getString(39));
        }
        stack.killSwitch();
        stack.startIssuer();
        stack.startSwitch();
        assertEquals(LOAD - 2_000, StackFixture.awaitLedger(stack.admin(), card.id(), LOAD - 2_000), "the acknowledged completion advice was lost");
        assertEquals(LOAD - 2_000, stack.admin().available(String.valueOf(card.id())), "the rest of the hold is not released");
        assertDeliveredOnce(card, LOAD - 2_000);
    }

    @Test
    void reversalOfATimedOutPurchaseSurvivesKillOfTheSwitch() throws Exception {
        IssuedCard card = stack.admin().issueLoaded("PREPAID-USD", LOAD);
        RequestFactory rf = new RequestFactory("TERM0006", "MERCHANT0000001", "Veil Demo Coffee", "840");
        try (IsoClient c = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal())) {
            stack.pauseIssuer();
            try {
                assertEquals("91", c.call(rf.purchase(CardData.keyed(card.pan(), card.expiry()), 3_000), WAIT).getString(39));
                stack.killSwitch();
            } finally {
                stack.resumeIssuer();
            }
        }
        stack.startSwitch();
        assertEquals(LOAD, StackFixture.awaitLedger(stack.admin(), card.id(), LOAD), "the purchase answered 91 kept the money");
        assertDeliveredOnce(card, LOAD);
    }

    /** A restart makes the queue look again at what it holds: nothing is applied a second time. */
    private static void assertDeliveredOnce(IssuedCard card, long ledger) throws Exception {
        stack.stopSwitch();
        stack.startSwitch();
        Thread.sleep(1_500);
        assertEquals(ledger, stack.admin().ledger(String.valueOf(card.id())), "a redelivery moved money again");
        StackFixture.assertLedgerAudits(stack.admin());
    }
}
