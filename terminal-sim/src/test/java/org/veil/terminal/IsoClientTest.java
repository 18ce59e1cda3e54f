package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jpos.iso.BaseChannel;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.veil.packagers.Dialect;

/** IsoClient against jPOS's own channels (NACChannel, ASCIIChannel) on loopback. */
@Timeout(60)
class IsoClientTest {
    private static final CardData CARD = CardData.keyed("9999000000000017", "2812");

    /** Holds requests until it has {@code batch} of them, then answers them last first. */
    private static JposLoopbackServer.Responder reverseBatches(int batch) {
        List<ISOMsg> held = Collections.synchronizedList(new ArrayList<>());
        return (request, ch) -> {
            held.add(request);
            if (held.size() < batch) return;
            List<ISOMsg> now;
            synchronized (held) {
                now = new ArrayList<>(held);
                held.clear();
            }
            Collections.reverse(now);
            for (ISOMsg r : now) {
                ISOMsg a = JposLoopbackServer.answer(r, "00");
                a.set(38, "R" + r.getString(11).substring(1)); // proves which request this answer was for
                ch.send(a);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void outOfOrderAnswersAreMatchedOnStanAndTerminal(Dialect dialect) throws Exception {
        try (JposLoopbackServer server = new JposLoopbackServer(dialect, reverseBatches(2));
             IsoClient client = IsoClient.connect(dialect, "127.0.0.1", server.port())) {
            // Two terminals, the same STAN: only 11 + 41 together tell the answers apart.
            RequestFactory t1 = new RequestFactory("TERM0001", "MERCHANT0000001", "Shop", "840", 500);
            RequestFactory t2 = new RequestFactory("TERM0002", "MERCHANT0000001", "Shop", "840", 500);
            ISOMsg a = t1.purchase(CARD, 111);
            ISOMsg b = t2.purchase(CARD, 222);
            CompletableFuture<ISOMsg> fa = client.send(a);
            CompletableFuture<ISOMsg> fb = client.send(b);
            ISOMsg ra = fa.get(5, TimeUnit.SECONDS);
            ISOMsg rb = fb.get(5, TimeUnit.SECONDS);
            assertEquals("0210", ra.getMTI());
            assertEquals("000000000111", ra.getString(4));
            assertEquals("TERM0001", ra.getString(41));
            assertEquals("000000000222", rb.getString(4));
            assertEquals("TERM0002", rb.getString(41));
            assertEquals(0, client.tpduMismatches());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void manyInFlightOnOneConnection(Dialect dialect) throws Exception {
        try (JposLoopbackServer server = new JposLoopbackServer(dialect, reverseBatches(50));
             IsoClient client = IsoClient.connect(dialect, "127.0.0.1", server.port())) {
            RequestFactory f = new RequestFactory("TERM0001", "MERCHANT0000001", "Shop", "840", 1);
            List<ISOMsg> requests = new ArrayList<>();
            List<CompletableFuture<ISOMsg>> answers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ISOMsg r = f.purchase(CARD, i + 1);
                requests.add(r);
                answers.add(client.send(r, Duration.ofSeconds(10)));
            }
            for (int i = 0; i < requests.size(); i++) {
                ISOMsg answer = answers.get(i).get(10, TimeUnit.SECONDS);
                assertEquals(requests.get(i).getString(11), answer.getString(11));
                assertEquals(requests.get(i).getString(4), answer.getString(4));
                assertEquals("R" + requests.get(i).getString(11).substring(1), answer.getString(38));
            }
            assertEquals(0, client.inFlight());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void noAnswerTimesOutAndALateAnswerIsIgnored(Dialect dialect) throws Exception {
        List<ISOMsg> held = Collections.synchronizedList(new ArrayList<>());
        List<BaseChannel> channel = Collections.synchronizedList(new ArrayList<>());
        try (JposLoopbackServer server = new JposLoopbackServer(dialect, (r, ch) -> { held.add(r); channel.add(ch); });
             IsoClient client = IsoClient.connect(dialect, "127.0.0.1", server.port())) {
            RequestFactory f = new RequestFactory("TERM0001", "MERCHANT0000001", "Shop", "840", 7);
            assertThrows(TimeoutException.class, () -> client.call(f.echo(), Duration.ofMillis(200)));
            CompletableFuture<ISOMsg> pending = client.send(f.purchase(CARD, 5), Duration.ofMillis(200));
            ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertEquals(0, client.inFlight());
            // The late answer finds nobody waiting, and the connection carries on.
            channel.getFirst().send(JposLoopbackServer.answer(held.getFirst(), "00"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (client.unmatchedAnswers() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(1, client.unmatchedAnswers());
            assertTrue(client.isOpen());
        }
    }

    @Test
    void closedConnectionFailsWhatWaitsAndRefusesMore() throws Exception {
        List<BaseChannel> channel = Collections.synchronizedList(new ArrayList<>());
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, (r, ch) -> channel.add(ch));
             IsoClient client = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", server.port())) {
            RequestFactory f = new RequestFactory("TERM0001", "MERCHANT0000001", "Shop", "840", 7);
            CompletableFuture<ISOMsg> pending = client.send(f.echo());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (channel.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            channel.getFirst().disconnect();
            ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            assertThrows(IOException.class, () -> client.call(f.echo(), Duration.ofSeconds(1)));
        }
    }

    @Test
    void noListenerIsAnIOExceptionWithTheAddress() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> IsoClient.connect(Dialect.VAN, "127.0.0.1", port));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void callReturnsTheAnswerFromJposChannels() throws Exception {
        for (Dialect d : new Dialect[] {Dialect.TERMINAL, Dialect.VAN}) {
            try (JposLoopbackServer server = new JposLoopbackServer(d, JposLoopbackServer.approveAll());
                 IsoClient client = IsoClient.connect(d, "127.0.0.1", server.port())) {
                RequestFactory f = new RequestFactory("TERM0001", "MERCHANT0000001", "Shop", "840");
                ISOMsg balance = client.call(f.balance(CARD), Duration.ofSeconds(5));
                assertEquals("0210", balance.getMTI());
                assertEquals("00", balance.getString(39));
                assertTrue(AnswerPrinter.render(balance).contains("ledger 50.00 840, available 40.00 840"));
                assertEquals("0810", client.call(f.echo(), Duration.ofSeconds(5)).getMTI());
                assertEquals(0, client.tpduMismatches());
            }
        }
    }
}
