package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.OriginalData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.packagers.Dialect;

/** Short load runs against jPOS loopback servers: one approves one card and declines the other (51), one keeps the books. */
@Timeout(60)
class LoadGeneratorTest {
    private static final CardData GOOD = CardData.keyed("9999000000000017", "2812");
    private static final CardData POOR = CardData.keyed("9999000000000025", "2812");

    private static JposLoopbackServer.Responder approveGoodDeclinePoor() {
        return (request, ch) -> {
            String pan = request.getString(2);
            boolean decline = POOR.pan().equals(pan) && !request.getMTI().equals("0220");
            ISOMsg a = JposLoopbackServer.answer(request, decline ? "51" : "00");
            if (!decline && request.getMTI().equals("0100")) a.set(38, "A00001");
            ch.send(a);
        };
    }

    private static LoadPlan plan(Dialect dialect, int port, Duration warmup, Duration duration, double rate, int inFlight, String mix) {
        return plan(dialect, port, warmup, duration, rate, inFlight, mix, List.of(GOOD, POOR), Duration.ofSeconds(5));
    }

    private static LoadPlan plan(Dialect dialect, int port, Duration warmup, Duration duration, double rate, int inFlight,
                                 String mix, List<CardData> cards, Duration timeout) {
        return new LoadPlan(dialect, "127.0.0.1", port, 4, warmup, duration, rate, inFlight, TransactionMix.parse(mix),
                cards, 100, "LT", "LOADTEST0000001", "Veil Load Test", "840", timeout);
    }

    /**
     * An issuer in miniature that keeps the merchant's books: approves up to the max transaction (500000, above:
     * 61), captures completions, and approves a 0400 only when its field 90 names a purchase it approved, still
     * unreversed, and asks to keep nothing (field 4 = 0); anything else 25.
     */
    private static final class Bookkeeper implements JposLoopbackServer.Responder {
        final AtomicLong merchant = new AtomicLong();
        final Map<String, Long> purchases = new ConcurrentHashMap<>();

        @Override
        public void onRequest(ISOMsg request, org.jpos.iso.BaseChannel ch) throws Exception {
            String mti = request.getMTI();
            long amount = Long.parseLong(request.getString(4));
            String rc = "00";
            switch (mti) {
                case "0200" -> {
                    if (amount > 500_000) rc = "61";
                    else if ("000000".equals(request.getString(3))) {
                        merchant.addAndGet(amount);
                        purchases.put(original(mti, request), amount);
                    }
                }
                case "0220" -> merchant.addAndGet(amount);
                case "0400" -> {
                    OriginalData o = OriginalData.parse(request.getString(90));
                    Long reversed = amount == 0 ? purchases.remove(original(o.mti(), o.stan(), o.transmissionDateTime(), request)) : null;
                    if (reversed == null) rc = "25";
                    else merchant.addAndGet(-reversed);
                }
                default -> { }
            }
            ISOMsg a = JposLoopbackServer.answer(request, rc);
            if ("0100".equals(mti)) a.set(38, "A00001");
            ch.send(a);
        }

        private static String original(String mti, ISOMsg m) {
            return original(mti, m.getString(11), m.getString(7), m);
        }

        private static String original(String mti, String stan, String time, ISOMsg m) {
            return mti + '/' + stan + '/' + time + '/' + m.getString(41);
        }
    }

    @Test
    void closedLoopReportsThroughputLatencyAndCodes() throws Exception {
        for (Dialect dialect : new Dialect[] {Dialect.TERMINAL, Dialect.VAN}) {
            try (JposLoopbackServer server = new JposLoopbackServer(dialect, approveGoodDeclinePoor())) {
                LoadReport r = LoadGenerator.run(plan(dialect, server.port(), Duration.ofMillis(300), Duration.ofMillis(1500),
                        0, 4, "purchase=60,balance=20,auth=20"));
                String text = r.text();
                assertTrue(r.answers() > 300, text);
                assertTrue(r.answersPerSecond() > 200, text);
                assertEquals(0, r.timeouts(), text);
                assertEquals(0, r.errors(), text);
                // the poor card's 51s are answers no kind of this mix expects
                assertEquals(r.codes().get("51"), r.unexpected(), text);
                assertEquals(r.unexpected(), r.failures(), text);
                assertEquals(r.answers(), r.codes().values().stream().mapToLong(Long::longValue).sum(), text);
                assertEquals(r.approvals(), r.codes().getOrDefault("00", 0L), text);
                Map<String, Map<String, Long>> byKind = r.codesByKind();
                assertTrue(byKind.get("purchase").get("00") > 0 && byKind.get("purchase").get("51") > 0, text);
                assertTrue(byKind.get("balance").get("00") > 0, text);
                long approvedAuths = byKind.get("auth").get("00");
                long completions = byKind.get("completion").get("00");
                assertTrue(completions > 0 && Math.abs(completions - approvedAuths) <= 2 * 4 * 4, text);
                assertEquals(Set.of("00"), byKind.get("completion").keySet(), text);
                assertTrue(r.p50() > 0 && r.p50() <= r.p99() && r.p99() <= r.max(), text);
                assertTrue(r.json().contains("\"answers\":" + r.answers()), r.json());
                assertTrue(text.contains("throughput"), text);
            }
        }
    }

    @Test
    void openLoopKeepsToTheTargetRate() throws Exception {
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, JposLoopbackServer.approveAll())) {
            LoadReport r = LoadGenerator.run(plan(Dialect.TERMINAL, server.port(), Duration.ZERO, Duration.ofSeconds(2),
                    400, 8, "purchase=1"));
            assertTrue(r.answers() >= 560 && r.answers() <= 880, r.text());
            assertEquals(r.answers(), r.codes().get("00"), r.text());
            assertEquals(0, r.timeouts() + r.errors(), r.text());
            assertEquals(0, r.behindSchedule(), "what fell due in the last tick of the run was sent: " + r.text());
            assertTrue(r.sendLagP50() < 20, r.text());
            assertTrue(r.text().contains("send lag ms") && r.json().contains("\"sendLagMs\":{"), r.text());
        }
    }

    /** Half a second after the first request a test server saw ({@code first} holds it): when it starts to misbehave. */
    private static long halfASecondAfterTheFirst(AtomicLong first) {
        first.compareAndSet(0, System.nanoTime() + 500_000_000L);
        return first.get();
    }

    /**
     * The server stops answering for half a second of a two-second open-loop run at 200/s with one request in flight
     * per connection: the quarter of the requests that fell due in the stall wait for it, and their latency counts
     * from when they fell due. Counted from when they were sent, p90 would be about a millisecond.
     */
    @Test
    void openLoopCountsLatencyFromWhenARequestFellDue() throws Exception {
        AtomicLong stallFrom = new AtomicLong();
        JposLoopbackServer.Responder stallOnce = (request, ch) -> {
            long from = halfASecondAfterTheFirst(stallFrom);
            long now = System.nanoTime();
            if (now >= from && now < from + 500_000_000L) Thread.sleep((from + 500_000_000L - now) / 1_000_000 + 1);
            ch.send(JposLoopbackServer.answer(request, "00"));
        };
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, stallOnce)) {
            LoadReport r = LoadGenerator.run(plan(Dialect.TERMINAL, server.port(), Duration.ZERO, Duration.ofSeconds(2),
                    200, 1, "purchase=1"));
            String text = r.text();
            assertTrue(r.answers() >= 340 && r.answers() <= 440, text); // every request due was sent, after the stall
            assertEquals(0, r.behindSchedule(), text);
            assertTrue(r.p50() < 100, text);
            assertTrue(r.p90() >= 150 && r.max() >= 400, text);
            assertTrue(r.sendLagP99() >= 150, "the stall held requests back, and the send lag says so: " + text);
        }
    }

    /** The server stops answering half a second in: what the in-flight limit then holds back is counted as never sent. */
    @Test
    void openLoopCountsWhatTheInFlightLimitHeldBackToTheEnd() throws Exception {
        AtomicLong silentFrom = new AtomicLong();
        JposLoopbackServer.Responder goesSilent = (request, ch) -> {
            if (System.nanoTime() < halfASecondAfterTheFirst(silentFrom)) ch.send(JposLoopbackServer.answer(request, "00"));
        };
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, goesSilent)) {
            LoadReport r = LoadGenerator.run(plan(Dialect.TERMINAL, server.port(), Duration.ZERO, Duration.ofSeconds(2),
                    200, 1, "purchase=1", List.of(GOOD), Duration.ofMillis(700)));
            String text = r.text();
            // one request per connection per 0.7 s times out and lets the next go, in the run and in the drain after it
            assertTrue(r.timeouts() >= 8 && r.timeouts() <= 20, text);
            assertTrue(r.behindSchedule() >= 230 && r.behindSchedule() <= 300, text); // about 1.5 s of 200/s, less those sent
            assertTrue(text.contains("behind schedule " + r.behindSchedule() + " requests due in the measured window never sent"), text);
        }
    }

    @Test
    void reversalsAndDeclinesAreCountedAndTheMerchantMoneyAddsUp() throws Exception {
        Bookkeeper books = new Bookkeeper();
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, books)) {
            LoadReport r = LoadGenerator.run(plan(Dialect.TERMINAL, server.port(), Duration.ofMillis(200), Duration.ofMillis(1500),
                    0, 2, "purchase=30,auth=20,reversal=20,balance=10,decline=20"));
            String text = r.text();
            assertEquals(0, r.failures(), text);
            assertEquals(0, r.inDoubt(), text);
            Map<String, Map<String, Long>> byKind = r.codesByKind();
            assertEquals(Set.of("00"), byKind.get("reversal-0200").keySet(), text);
            assertEquals(Set.of("00"), byKind.get("reversal-0400").keySet(), text);
            assertEquals(Set.of("61"), byKind.get("decline").keySet(), text);
            long purchases = byKind.get("reversal-0200").get("00");
            long reversals = byKind.get("reversal-0400").get("00");
            // each reversal follows its purchase at once: the measured window cuts at most one pair per request slot
            assertTrue(reversals > 50 && Math.abs(purchases - reversals) <= 2 * 4 * 2, text);
            // the generator's own tally of what approvals moved equals the books, to the minor unit, warm-up included
            assertEquals(books.merchant.get(), r.merchantNet(), text);
            assertTrue(books.purchases.size() > 0 && r.merchantNet() > 0, text);
            assertTrue(r.json().contains("\"unexpected\":0"), r.json());
        }
    }

    @Test
    void anApprovedDeclineIsAnErrorAndMovesMoney() throws Exception {
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.VAN, JposLoopbackServer.approveAll())) {
            LoadReport r = LoadGenerator.run(plan(Dialect.VAN, server.port(), Duration.ZERO, Duration.ofMillis(800), 0, 1, "decline=1"));
            assertTrue(r.answers() > 10, r.text());
            assertEquals(r.answers(), r.unexpected(), r.text());
            assertEquals(r.answers(), r.failures(), r.text());
            assertTrue(r.merchantNet() >= r.answers() * LoadPlan.DEFAULT_DECLINE_AMOUNT, r.text());
            assertTrue(r.text().contains("first unexpected: decline answered 00, expected 61"), r.text());
        }
    }

    @Test
    void unansweredMoneyIsInDoubtAndTimeoutsAreErrors() throws Exception {
        try (JposLoopbackServer silent = new JposLoopbackServer(Dialect.TERMINAL, (request, ch) -> { })) {
            LoadReport r = LoadGenerator.run(plan(Dialect.TERMINAL, silent.port(), Duration.ZERO, Duration.ofMillis(500), 40, 4,
                    "purchase=1,balance=1", List.of(GOOD), Duration.ofMillis(300)));
            assertTrue(r.timeouts() > 5, r.text());
            assertEquals(r.timeouts(), r.failures(), r.text());
            assertTrue(r.inDoubt() > 0 && r.inDoubt() < r.timeouts() + 5, r.text());
            assertTrue(r.text().contains("not exact"), r.text());
        }
    }

    @Test
    void aNinetyOneOnAPurchaseLeavesItsMoneyInDoubtAndOnABalanceInquiryNot() throws Exception {
        JposLoopbackServer.Responder unavailable = (request, ch) -> ch.send(JposLoopbackServer.answer(request, "91"));
        try (JposLoopbackServer server = new JposLoopbackServer(Dialect.TERMINAL, unavailable)) {
            LoadReport r = LoadGenerator.run(plan(Dialect.TERMINAL, server.port(), Duration.ZERO, Duration.ofMillis(600), 0, 1,
                    "purchase=1,balance=1"));
            long purchases = r.codesByKind().get("purchase").get("91");
            assertTrue(purchases > 5 && r.codesByKind().get("balance").get("91") > 5, r.text());
            assertEquals(r.answers(), r.unexpected(), r.text());
            // in doubt counts the whole run, the codes only the measured part
            assertTrue(r.inDoubt() >= purchases && r.inDoubt() <= purchases + 4, r.text());
            assertEquals(0, r.merchantNet(), r.text());
        }
    }

    @Test
    void theMixNamesTheNewKindsAndRejectsFollowUps() {
        TransactionMix mix = TransactionMix.parse("reversal=1, DECLINE=1");
        assertEquals("reversal=1,decline=1", mix.toString());
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) assertTrue(Set.of(LoadKind.REVERSAL, LoadKind.DECLINE).contains(mix.pick(random)));
        for (String followUp : new String[] {"completion", "reversal-0400", "reversal-0200"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransactionMix.parse(followUp + "=1"));
            assertTrue(e.getMessage().contains("expected purchase, auth, refund, load, balance, reversal, decline"), e.getMessage());
        }
    }
}
