package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * Edge sessions that end badly: a terminal or VAN link that drops with requests in flight and sends them
 * again (identical, then as repeats) is charged once; half-open and silent connections are closed by the
 * switch's idle limit and leave no descriptor or thread behind.
 */
@Timeout(120)
class EdgeSessionsTest {
    private static final long IDLE_MS = 2_000;
    private static final int IN_FLIGHT = 10;
    private static final long LOAD = 100_000;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static VeilStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("edge", Map.of("veil.edge.idle.ms", String.valueOf(IDLE_MS)));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) stack.close();
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void droppedWithRequestsInFlightAndSentAgainIsChargedOnce(Dialect dialect) throws Exception {
        IssuedCard card = stack.admin().issueLoaded("PREPAID-USD", LOAD);
        RequestFactory rf = dialect == Dialect.TERMINAL
                ? new RequestFactory("TERM0008", "MERCHANT0000001", "Veil Demo Coffee", "840")
                : new RequestFactory("VAN00008", "VANSHOP00000001", "Veil Demo Web Shop", "840");
        CardData data = CardData.keyed(card.pan(), card.expiry());
        List<ISOMsg> sent = new ArrayList<>();
        long total = 0;
        try (IsoClient c = IsoClient.connect(dialect, "127.0.0.1", port(dialect))) {
            for (int i = 0; i < IN_FLIGHT; i++) {
                ISOMsg p = rf.purchase(data, 100 + i);
                total += 100 + i;
                sent.add(p);
                c.send(p); // no waiting: all in flight when the connection goes
            }
        }
        Thread.sleep(500);
        List<String> approvalCodes = new ArrayList<>();
        try (IsoClient c = IsoClient.connect(dialect, "127.0.0.1", port(dialect))) {
            for (ISOMsg p : sent) { // the link is back: the same requests again, as they were
                ISOMsg a = c.call(p, WAIT);
                assertEquals("00", a.getString(39), "identical resend of STAN " + p.getString(11));
                approvalCodes.add(a.getString(38));
            }
            for (int i = 0; i < sent.size(); i++) { // and once more as repeats (xx01)
                ISOMsg a = c.call(RequestFactory.repeat(sent.get(i)), WAIT);
                assertEquals("00", a.getString(39));
                assertEquals(approvalCodes.get(i), a.getString(38), "a repeat got another approval than the original");
            }
        }
        assertEquals(LOAD - total, stack.admin().ledger(String.valueOf(card.id())), "charged more than once");
        StackFixture.assertLedgerAudits(stack.admin());
    }

    @Test
    void halfOpenAndSilentConnectionsAreClosedAndLeaveNothingBehind() throws Exception {
        long pid = stack.switchPid();
        long fdBefore = ProcessProbe.fds(pid);
        long threadsBefore = ProcessProbe.threads(pid);
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), i % 2 == 0 ? stack.ports().terminal() : stack.ports().van());
            s.setSoTimeout((int) (IDLE_MS * 5));
            // half the sockets stop in the middle of a frame: a length that promises 200 bytes, then 10
            if (i % 4 < 2) {
                byte[] start = i % 2 == 0 ? new byte[] {0, (byte) 200, 0x60, 0, 0, 0, 0, 0x02, 0, 0x70, 0, 0}
                        : "0200020070".getBytes();
                s.getOutputStream().write(start);
                s.getOutputStream().flush();
            }
            idle.add(s);
        }
        // meanwhile the switch serves others
        IssuedCard card = stack.admin().issueLoaded("PREPAID-USD", 1_000);
        try (IsoClient c = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal())) {
            RequestFactory rf = new RequestFactory("TERM0008", "MERCHANT0000001", "Veil Demo Coffee", "840");
            assertEquals("00", c.call(rf.purchase(CardData.keyed(card.pan(), card.expiry()), 100), WAIT).getString(39));
        }
        for (Socket s : idle) {
            try (s; InputStream in = s.getInputStream()) {
                assertEquals(-1, in.read(), "the switch did not close an idle session");
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((ProcessProbe.fds(pid) > fdBefore + 5 || ProcessProbe.threads(pid) > threadsBefore + 5) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(ProcessProbe.fds(pid) <= fdBefore + 5, "descriptors " + fdBefore + " before, " + ProcessProbe.fds(pid) + " after");
        assertTrue(ProcessProbe.threads(pid) <= threadsBefore + 5, "threads " + threadsBefore + " before, " + ProcessProbe.threads(pid) + " after");
    }

    private static int port(Dialect dialect) {
        return dialect == Dialect.TERMINAL ? stack.ports().terminal() : stack.ports().van();
    }
}
