package org.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veil.bench.BenchRun.Latency;
import org.veil.bench.BenchRun.PathRun;
import org.veil.bench.BenchRun.Settings;
import org.veil.packagers.CardNumbers;
import org.veil.terminal.CardData;

/** A scale run's ratios, table, JSON and page; and the random deck the load draws its cards from. */
class ScaleReportTest {
    private static PathRun run(int connections, double perSecond, double p99) {
        long n = Math.round(perSecond * 15);
        return new PathRun("full", "terminal", connections, 15, n, n, n, perSecond, null,
                new Latency(p99 / 4, p99 / 2, p99, p99 * 2, p99 * 3), 0, 0, 0, null, Map.of("00", n), null, null, null);
    }

    /** A run with the issuer's CPU per approval, in all and by kind of thread, as CpuMeter gives it. */
    private static PathRun measuredRun(int connections, double perSecond, double p99) {
        PathRun r = run(connections, perSecond, p99);
        Map<String, Double> kinds = new LinkedHashMap<>();
        kinds.put("service", 201.2);
        kinds.put("h2", 35.4);
        kinds.put("gc", 18.6);
        kinds.put("jit", 0.4);
        return new PathRun(r.path(), r.dialect(), r.connections(), r.seconds(), r.sent(), r.answers(), r.approvals(),
                r.approvalsPerSecond(), null, r.latencyMs(), 0, 0, 0, null, r.codes(), null, Map.of("issuer", 255.4, "switch", 140.0),
                Map.of("issuer", kinds));
    }

    private static ScaleRun sample() {
        Settings s = new Settings(List.of("full"), List.of("terminal"), List.of(16, 64), 1, 0, 15, 2, 15, 1_000_000, 100, "purchase=100");
        List<ScaleRun.Point> points = List.of(
                new ScaleRun.Point(10_000, 9.5, 1052.6, 12_000_000, 4200, 30.5, 250, 33, 2.1, true, List.of(),
                        List.of(run(16, 1000, 20), run(64, 1200, 80))),
                new ScaleRun.Point(1_000_000, 800, 1250, 900_000_000, 5100, 31.5, 400, 40, 2.3, true, List.of(),
                        List.of(run(16, 900, 25), measuredRun(64, 960, 100))));
        return new ScaleRun("2025-01-02 03:04:05", new BenchRun.Machine(2, 4096, "OpenJDK 25", "Linux"), s, null, 1, points,
                ScaleRun.ratios(points, s.connections()));
    }

    @Test
    void eachRoundIsComparedWithItsOwnRoundAndTheMedianJudges(@TempDir Path dir) throws Exception {
        Settings s = new Settings(List.of("full"), List.of("terminal"), List.of(64), 1, 0, 15, 2, 15, 1_000_000, 100, "purchase=100");
        // The machine slows down in round 2 for both counts alike; all runs pooled would give 766.7 / 933.3 = x0.821.
        List<ScaleRun.Point> points = List.of(
                new ScaleRun.Point(10_000, 9.5, 1052.6, 12_000_000, 4200, 30.5, 250, 33, 2.1, true, List.of(),
                        List.of(run(64, 1000, 20), run(64, 800, 30), run(64, 1000, 20))),
                new ScaleRun.Point(1_000_000, 800, 1250, 900_000_000, 5100, 31.5, 400, 40, 2.3, true, List.of(),
                        List.of(run(64, 700, 40), run(64, 720, 30), run(64, 880, 22))));
        ScaleRun run = new ScaleRun("2025-01-02 03:04:05", new BenchRun.Machine(2, 4096, "OpenJDK 25", "Linux"), s, null, 3, points,
                ScaleRun.ratios(points, s.connections()));
        ScaleRun.Ratio r = run.ratios().getFirst();
        assertEquals(List.of(0.7, 0.9, 0.88), r.throughputByRound().stream().map(t -> Math.round(t * 1000) / 1000.0).toList());
        assertEquals(0.88, r.throughput(), 1e-9);
        assertEquals(1.1, r.p99(), 1e-9, "p99 ratios 2.0, 1.0, 1.1: their median");
        assertTrue(r.withinTolerance(), "judged by the median of the rounds");
        assertEquals(0.8, ScaleRun.median(List.of(0.9, 0.7)), 1e-9);
        String table = ScaleReport.table(run);
        assertTrue(table.contains("throughput x0.880 (median of rounds: x0.700, x0.900, x0.880), p99 x1.100 (within 15 %)"), table);
        assertTrue(table.lines().anyMatch(l -> l.trim().matches("3\\s+1000000\\s+64\\s+880\\.0 .*")), table);
        ScaleReport.write(run, dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertEquals(3, json.at("/rounds").asInt());
        assertEquals(0.9, json.at("/ratios/0/throughputByRound/1").asDouble(), 1e-9);
    }

    @Test
    void ratiosJudgeEachLargerCountAgainstTheSmallestWithin15Percent() {
        List<ScaleRun.Ratio> r = sample().ratios();
        assertEquals(2, r.size());
        assertEquals(0.9, r.get(0).throughput(), 1e-9);
        assertEquals(1.25, r.get(0).p99(), 1e-9);
        assertTrue(r.get(0).withinTolerance(), "10 % slower is within 15 %");
        assertEquals(0.8, r.get(1).throughput(), 1e-9);
        assertFalse(r.get(1).withinTolerance(), "20 % slower is not");
    }

    @Test
    void tableJsonAndPageSayWhatWasMeasured(@TempDir Path dir) throws Exception {
        ScaleRun run = sample();
        String table = ScaleReport.table(run);
        assertTrue(table.contains("1000000") && table.contains("858.3"), table); // 900 MB database
        assertTrue(table.contains("1000000 vs 10000 cards at 64 connections: throughput x0.800, p99 x1.250 (MORE than 15 % slower)"), table);
        ScaleReport.write(run, dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertEquals(5100, json.at("/points/1/startupMs").asLong());
        assertEquals(31.5, json.at("/points/1/heapMbAfterStart").asDouble());
        assertEquals(960, json.at("/points/1/runs/1/approvalsPerSecond").asDouble());
        assertEquals(0.8, json.at("/ratios/1/throughput").asDouble(), 1e-9);
        String page = Files.readString(dir.resolve("report.html"));
        // Well-formed XML: nothing half-escaped.
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
        assertTrue(page.contains("<td>5100</td>") && page.contains("class=\"bad\""), "startup time, and the ratio outside 15 % marked");
        assertTrue(table.lines().anyMatch(l -> l.trim().matches("1\\s+1000000\\s+64\\s+960\\.0 .* 255 = service 201 h2 35 gc 19 jit 0")), table);
        assertTrue(table.lines().anyMatch(l -> l.trim().matches("1\\s+10000\\s+64\\s+1200\\.0 .* -")), "unmeasured: -\n" + table);
        assertTrue(page.contains("<td>255 = service 201 h2 35 gc 19 jit 0</td>"), page);
    }

    @Test
    void deckDrawsUniformlyFromEveryCardOfTheFile(@TempDir Path dir) throws Exception {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            String partial = "0999" + String.format("%011d", i); // a leading zero must survive the long form
            file.append(partial).append(CardNumbers.luhnDigit(partial)).append(",2911\n");
        }
        Path cards = dir.resolve("cards.csv");
        Files.writeString(cards, file);
        RandomCardDeck deck = RandomCardDeck.read(cards, 10);
        assertEquals(1000, deck.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            CardData c = deck.get(0); // the index does not pick the card: every draw is random
            assertEquals(16, c.pan().length());
            assertTrue(c.pan().startsWith("0999") && CardNumbers.luhnValid(c.pan()) && c.expiry().equals("2911"));
            seen.add(c.pan());
        }
        assertEquals(1000, seen.size(), "20,000 draws reach all 1,000 cards");
    }
}
