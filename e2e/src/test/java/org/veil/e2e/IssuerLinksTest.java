package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.http.LoopbackPorts;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * The switch's two host links to the issuer (the second through a relay the test controls): requests take
 * them in turn, a link that goes down is skipped with no terminal noticing, and it rejoins when it is back.
 */
@Timeout(120)
class IssuerLinksTest {
    private static final int PURCHASES = 20;
    private static final long LOAD = 100_000;

    @Test
    void roundRobinOverBothLinksAndFailoverWhenOneIsDown() throws Exception {
        VeilStack.Ports ports = VeilStack.Ports.free();
        LinkProxy link2 = LinkProxy.start(LoopbackPorts.free(), ports.issuerLink());
        try (VeilStack stack = StackFixture.start("links", ports, Map.of("veil.issuer2.port", String.valueOf(link2.port())))) {
            IssuedCard card = stack.admin().issueLoaded("PREPAID-USD", LOAD);
            RequestFactory rf = new RequestFactory("TERM0007", "MERCHANT0000001", "Veil Demo Coffee", "840");
            CardData data = CardData.keyed(card.pan(), card.expiry());
            try (IsoClient c = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", ports.terminal())) {
                awaitApproval(c, rf, data);
                long before = link2.framesToIssuer();
                approveAll(c, rf, data);
                long viaLink2 = link2.framesToIssuer() - before;
                assertTrue(viaLink2 >= PURCHASES / 2 - 2 && viaLink2 <= PURCHASES / 2 + 2,
                        viaLink2 + " of " + PURCHASES + " purchases went over link 2: not taken in turn");

                link2.close();
                Thread.sleep(500); // the switch sees the link close at once; give its reader a moment
                approveAll(c, rf, data);

                link2 = link2.restart();
                long rejoined = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                long atRestart = link2.framesToIssuer();
                while (link2.framesToIssuer() == atRestart && System.nanoTime() < rejoined) {
                    approveAll(c, rf, data);
                }
                assertTrue(link2.framesToIssuer() > atRestart, "link 2 did not rejoin after it came back");
            }
            StackFixture.assertLedgerAudits(stack.admin());
        } finally {
            link2.close();
        }
    }

    /** PURCHASES purchases of 1.00, each of which must be approved. */
    private static void approveAll(IsoClient c, RequestFactory rf, CardData data) throws Exception {
        for (int i = 0; i < PURCHASES; i++) {
            assertEquals("00", c.call(rf.purchase(data, 100), Duration.ofSeconds(10)).getString(39), "purchase " + i);
        }
    }

    /** The links come up a moment after the switch is ready: the first approval says they are. */
    private static void awaitApproval(IsoClient c, RequestFactory rf, CardData data) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!"00".equals(c.call(rf.purchase(data, 1), Duration.ofSeconds(10)).getString(39))) {
            assertTrue(System.nanoTime() < deadline, "no approval within 15 s of start");
            Thread.sleep(200);
        }
    }
}
