package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.packagers.Dialect;

/** Short load runs against a jPOS loopback server that approves one card and declines the other (51). */
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
        return new LoadPlan(dialect, "127.0.0.1", port, 4, warmup, duration, rate, inFlight, TransactionMix.parse(mix),
                List.of(GOOD, POOR), 100, "LT", "LOADTEST0000001", "Veil Load Test", "840", Duration.ofSeconds(5));
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
        }
    }
}
