package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/** The issuer host goes away and comes back: terminals get 91 in time, then approvals again. */
class IssuerOutageTest {
    private static final int OUTAGE_REQUESTS = 200;
    private static VeilStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("outage", Map.of("veil.issuer.timeout.ms", "2000"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) stack.close();
    }

    @Test
    void issuerDownGives91AndTrafficRecoversWhenItReturns() throws Exception {
        IssuedCard card = stack.admin().issueLoaded("PREPAID-USD", 10_000);
        RequestFactory rf = new RequestFactory("TERM0003", "MERCHANT0000001", "Veil Demo Coffee", "840");
        CardData data = CardData.keyed(card.pan(), card.expiry());
        try (IsoClient c = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal())) {
            assertEquals("00", c.call(rf.purchase(data, 100), Duration.ofSeconds(15)).getString(39));

            long pid = stack.switchPid();
            long fdsBefore = ProcessProbe.fds(pid);
            long threadsBefore = ProcessProbe.threads(pid);
            stack.stopIssuer();
            long t0 = System.nanoTime();
            ISOMsg down = c.call(rf.purchase(data, 100), Duration.ofSeconds(15));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("91", down.getString(39));
            assertTrue(ms < 5_000, "91 took " + ms + " ms; the issuer timeout is 2000 ms");
            for (int i = 0; i < OUTAGE_REQUESTS; i++) { // the switch keeps reconnecting meanwhile: nothing may pile up
                assertEquals("91", c.call(rf.purchase(data, 100), Duration.ofSeconds(15)).getString(39));
            }
            assertTrue(ProcessProbe.fds(pid) <= fdsBefore + 5, "descriptors " + fdsBefore + " -> " + ProcessProbe.fds(pid));
            assertTrue(ProcessProbe.threads(pid) <= threadsBefore + 5, "threads " + threadsBefore + " -> " + ProcessProbe.threads(pid));

            stack.startIssuer();
            String code = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                code = c.call(rf.purchase(data, 100), Duration.ofSeconds(15)).getString(39);
                if ("00".equals(code)) break;
                Thread.sleep(500);
            }
            assertEquals("00", code, "traffic did not recover after the issuer came back");
        }
        // Exactly two purchases of 1.00 were approved; those answered 91 never reached the issuer.
        assertEquals(9_800, stack.admin().ledger(String.valueOf(card.id())));
        StackFixture.assertLedgerAudits(stack.admin());
    }
}
