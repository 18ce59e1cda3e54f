package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.veil.cardswitch.SwitchTest.awaitTrue;

import java.util.List;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.veil.packagers.HostMessages;

/** A silent issuer gets a reversal through store-and-forward; a down issuer costs only a 91. */
@ExtendWith(RunningSwitch.class)
@Timeout(30)
class IssuerFailureTest {
    private IssuerStandIn issuer;

    @BeforeEach
    void reset() {
        issuer = RunningSwitch.issuer;
        issuer.answerWith(IssuerStandIn::approve);
        issuer.received().clear();
    }

    @Test
    void silentIssuerGets91InTimeAndTheReversalIsDeliveredOnceItAnswers() throws Exception {
        issuer.answerWith(IssuerStandIn::silent);
        StoreAndForward saf = StoreAndForward.get();
        int pendingBefore = saf.pending();
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = t.request("0200", EdgeClient.PAN, 4_200);
            long start = System.nanoTime();
            ISOMsg resp = t.ask(req);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("91", resp.getString(39));
            assertTrue(millis >= RunningSwitch.ISSUER_TIMEOUT_MS && millis < RunningSwitch.ISSUER_TIMEOUT_MS + 1_000, "91 after the timeout: " + millis + " ms");
            assertEquals(pendingBefore + 1, saf.pending());

            // the queue keeps trying while the issuer stays silent: first 2420, then 2421 repeats
            awaitTrue(() -> reversals().size() >= 2);
            assertEquals("2420", reversals().get(0).getMTI());
            assertEquals("2421", reversals().get(1).getMTI());
            issuer.answerWith(r -> IssuerStandIn.answer(r, "0400"));
            awaitTrue(() -> pending(saf) == pendingBefore);
            int delivered = reversals().size();
            Thread.sleep(3 * RunningSwitch.SAF_RETRY_MS);
            assertEquals(delivered, reversals().size(), "nothing sent after the acknowledgement");

            ISOMsg original = issuer.received().get(0);
            ISOMsg reversal = reversals().get(reversals().size() - 1);
            assertEquals("2200" + original.getString(11) + req.getString(7) + "10000000001",
                    reversal.getString(56), "field 56 names the original");
            assertEquals(0, HostMessages.minorUnits(reversal), "nothing remains");
            assertEquals("840", HostMessages.currency(reversal));
            assertEquals(original.getString(11), reversal.getString(11));
            assertEquals(original.getString(41), reversal.getString(41));
            assertFalse(reversal.hasField(2) || reversal.hasField(35), "no card number stored for forwarding");
        }
    }

    @Test
    void downIssuerGets91AtOnceAndNoReversal() throws Exception {
        StoreAndForward saf = StoreAndForward.get();
        int pendingBefore = saf.pending();
        issuer.stop();
        try {
            RunningSwitch.awaitLink(false);
            try (EdgeClient v = EdgeClient.van()) {
                long start = System.nanoTime();
                ISOMsg resp = v.ask(v.request("0100", EdgeClient.PAN, 100));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals("91", resp.getString(39));
                assertTrue(millis < RunningSwitch.ISSUER_TIMEOUT_MS, "no wait for a link that is down: " + millis + " ms");
            }
            assertEquals(pendingBefore, saf.pending());
        } finally {
            issuer.start();
            RunningSwitch.awaitLink(true);
        }
        try (EdgeClient v = EdgeClient.van()) {
            assertEquals("00", v.ask(v.request("0100", EdgeClient.PAN, 100)).getString(39), "link back up");
        }
    }

    private List<ISOMsg> reversals() {
        return issuer.received().stream().filter(m -> m.getString(0).startsWith("242")).toList();
    }

    private static int pending(StoreAndForward saf) {
        try {
            return saf.pending();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
