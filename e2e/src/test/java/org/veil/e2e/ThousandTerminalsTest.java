package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * 1,000 terminals connecting at once are all served: 500 on each edge connect in the same instant, then each
 * sends one small purchase in the same instant; every one is approved within the bound, the money adds up,
 * and afterwards the switch is still running and serves an ordinary terminal.
 */
class ThousandTerminalsTest {
    private static final int TERMINALS = 1000;
    private static final int CARDS = 20;
    private static final long AMOUNT = 100;
    /** Connecting all of them, and answering all of them, each within this. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    private record Answer(int terminal, ISOMsg message, Throwable error, long micros) {}

    @Test
    @Timeout(180)
    void aThousandTerminalsConnectingAtOnceAreAllServed() throws Exception {
        // The burst queues at the issuer: on a shared 2-core runner its last answers can take longer than the default 5 s.
        try (VeilStack stack = StackFixture.start("thousand", Map.of("veil.issuer.timeout.ms", "15000"))) {
            AdminClient admin = stack.admin();
            List<CardData> cards = new ArrayList<>();
            for (int i = 0; i < CARDS; i++) {
                IssuedCard c = admin.issueLoaded("PREPAID-USD", 10_000);
                cards.add(CardData.keyed(c.pan(), c.expiry()));
            }

            List<IsoClient> clients = connectAllAtOnce(stack);
            try {
                List<Answer> answers = purchaseOnEachAtOnce(clients, cards);
                Map<String, Integer> outcomes = new TreeMap<>();
                long slowest = 0;
                for (Answer a : answers) {
                    String outcome = a.error() != null ? a.error().getClass().getSimpleName() : a.message().getString(39);
                    outcomes.merge(outcome, 1, Integer::sum);
                    slowest = Math.max(slowest, a.micros());
                }
                assertEquals(Map.of("00", TERMINALS), outcomes, "answers of " + TERMINALS + " terminals");
                assertTrue(slowest <= BOUND.toNanos() / 1000, "slowest answer took " + slowest / 1000 + " ms");
                System.out.printf("thousand terminals: all %d approved, slowest answer %d ms%n", TERMINALS, slowest / 1000);
            } finally {
                clients.forEach(IsoClient::close);
            }

            assertTrue(ProcessHandle.of(stack.switchPid()).map(ProcessHandle::isAlive).orElse(false), "the switch is gone");
            try (IsoClient ordinary = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal())) {
                RequestFactory rf = new RequestFactory("TERM0001", "MERCHANT0000001", "Veil Demo Coffee", "840");
                ISOMsg answer = ordinary.call(rf.purchase(cards.getFirst(), 250), Duration.ofSeconds(15));
                assertEquals("00", answer.getString(39), "an ordinary purchase after the crowd");
            }
            assertEquals(TERMINALS * AMOUNT, admin.merchant("LOADTEST0000001").get("ledger").asLong(), "the crowd's money");
            StackFixture.assertLedgerAudits(admin);
        }
    }

    /** Half TERMINAL, half VAN; all released by one latch so the connects reach the switch together. */
    private static List<IsoClient> connectAllAtOnce(VeilStack stack) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<IsoClient>> connecting = new ArrayList<>();
        List<IsoClient> clients = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < TERMINALS; i++) {
                Dialect d = dialect(i);
                int port = d == Dialect.TERMINAL ? stack.ports().terminal() : stack.ports().van();
                connecting.add(threads.submit(() -> {
                    go.await();
                    return IsoClient.connect(d, "127.0.0.1", port);
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<IsoClient> f : connecting) {
                try {
                    clients.add(f.get(BOUND.toNanos() - (System.nanoTime() - t0), TimeUnit.NANOSECONDS));
                } catch (Exception e) {
                    failures.add(String.valueOf(e.getCause() == null ? e : e.getCause()));
                }
            }
            System.out.printf("thousand terminals: %d connected in %d ms%n", clients.size(), (System.nanoTime() - t0) / 1_000_000);
        }
        if (!failures.isEmpty()) {
            clients.forEach(IsoClient::close);
            throw new AssertionError(failures.size() + " of " + TERMINALS + " could not connect within " + BOUND.toSeconds()
                    + " s, first: " + failures.getFirst());
        }
        return clients;
    }

    private static List<Answer> purchaseOnEachAtOnce(List<IsoClient> clients, List<CardData> cards) throws Exception {
        List<ISOMsg> requests = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            // LT terminals of merchant LOADTEST0000001 are accepted on both edges
            RequestFactory rf = new RequestFactory(String.format("LT%06d", i + 1), "LOADTEST0000001", "Veil Load Test", "840");
            requests.add(rf.purchase(cards.get(i % cards.size()), AMOUNT));
        }
        List<CompletableFuture<Answer>> pending = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            int terminal = i;
            long t0 = System.nanoTime();
            pending.add(clients.get(i).send(requests.get(i), BOUND).handle((m, e) -> new Answer(terminal, m, e,
                    (System.nanoTime() - t0) / 1000)));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(BOUND.toSeconds() + 10, TimeUnit.SECONDS);
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private static Dialect dialect(int i) {
        return i % 2 == 0 ? Dialect.TERMINAL : Dialect.VAN;
    }
}
