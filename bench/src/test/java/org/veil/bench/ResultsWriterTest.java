package org.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veil.bench.BenchRun.FullPathFacts;
import org.veil.bench.BenchRun.Latency;
import org.veil.bench.BenchRun.PathRun;
import org.veil.bench.BenchRun.Settings;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The table, the JSON and the HTML page of a bench run say what was measured. */
class ResultsWriterTest {
    private static PathRun run(BenchPath path, String dialect, int connections, double perSecond, double p50) {
        long approvals = Math.round(perSecond * 2);
        return new PathRun(path.key(), dialect, connections, 2.0, approvals, approvals, approvals, perSecond, null,
                new Latency(p50, p50 * 2, p50 * 5, p50 * 10, p50 * 40), 0, 0, 0, null, Map.of("00", approvals), null, null, null);
    }

    private static BenchRun sample() {
        List<PathRun> runs = new ArrayList<>();
        for (String d : List.of("terminal", "van")) {
            runs.add(run(BenchPath.ZERO_WORK, d, 1, 1000, 0.2));
            runs.add(run(BenchPath.ZERO_WORK, d, 16, 4000, 0.4));
            runs.add(run(BenchPath.SWITCH, d, 1, 400, 0.5));
            runs.add(run(BenchPath.SWITCH, d, 16, 1000, 2));
            runs.add(run(BenchPath.FULL, d, 1, 200, 1));
            runs.add(run(BenchPath.FULL, d, 16, 800, 3));
        }
        // One full-path run with a decline: counted among the errors.
        runs.set(11, new PathRun("full", "van", 16, 2.0, 1600, 1600, 1598, 799, null, new Latency(3, 6, 15, 30, 120),
                1, 0, 0, null, Map.of("00", 1598L, "51", 2L), null, Map.of("issuer", 420.4, "load", 38.0, "switch", 190.6),
                Map.of("issuer", Map.of("service", 300.5, "h2", 70.0, "gc", 49.9, "jit", 0.0))));
        Settings settings = new Settings(List.of("zero-work", "switch", "full"), List.of("terminal", "van"), List.of(1, 16),
                1, 0, 3.0, 0.5, 2.0, 200, 100, "purchase=100");
        return new BenchRun("2025-01-02 03:04:05", new BenchRun.Machine(2, 4096, "OpenJDK 25", "Linux"), settings,
                BenchRun.withRatios(runs), new FullPathFacts(200, 3.5, true, List.of()));
    }

    private static PathRun find(BenchRun r, String path, String dialect, int conns) {
        return r.runs().stream().filter(x -> x.path().equals(path) && x.dialect().equals(dialect) && x.connections() == conns)
                .findFirst().orElseThrow();
    }

    @Test
    void ratiosAreToTheZeroWorkHostWithTheSameDialectAndConnections() {
        BenchRun r = sample();
        assertEquals(1.0, find(r, "zero-work", "terminal", 16).ratio(), 1e-9);
        assertEquals(0.4, find(r, "switch", "terminal", 1).ratio(), 1e-9);
        assertEquals(0.25, find(r, "switch", "van", 16).ratio(), 1e-9);
        assertEquals(0.2, find(r, "full", "terminal", 16).ratio(), 1e-9);
        List<PathRun> noZero = BenchRun.withRatios(List.of(run(BenchPath.FULL, "terminal", 1, 100, 1)));
        assertNull(noZero.getFirst().ratio(), "without a zero-work run there is nothing to compare with");
    }

    @Test
    void theTableHasOneLinePerRunWithRatioPercentilesAndErrors() {
        String[] lines = ResultsTable.format(sample()).split("\n");
        assertEquals(13, lines.length);
        assertTrue(lines[0].matches("path\\s+dialect\\s+conns\\s+approvals/s\\s+vs zero\\s+p50 ms\\s+p99 ms\\s+p99\\.9 ms\\s+errors\\s+CPU us/approval"), lines[0]);
        assertTrue(lines[3].matches("switch \\+ zero-work host\\s+terminal\\s+1\\s+400\\.0\\s+0\\.40\\s+0\\.500\\s+2\\.500\\s+5\\.000\\s+0\\s+-"), lines[3]);
        assertTrue(lines[12].matches("switch \\+ issuer host\\s+van\\s+16\\s+799\\.0\\s+0\\.20\\s+3\\.000\\s+15\\.000\\s+30\\.000\\s+3\\s+load 38 switch 191 issuer 420"), lines[12]);
        Map<String, Double> kinds = new LinkedHashMap<>();
        kinds.put("service", 300.5);
        kinds.put("h2", 70.0);
        kinds.put("gc", 49.4);
        assertEquals("service 301 h2 70 gc 49", ResultsTable.threads(kinds));
        assertEquals("-", ResultsTable.threads(null));
    }

    @Test
    void theJsonHoldsEveryRunWithItsRatioAndPercentiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.json");
        ResultsJson.write(sample(), file);
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        assertEquals("2025-01-02 03:04:05", root.get("started").asText());
        assertEquals(2, root.at("/machine/cores").asInt());
        assertEquals("[1,16]", root.at("/settings/connections").toString());
        assertEquals(12, root.get("runs").size());
        JsonNode sw = root.get("runs").get(2);
        assertEquals("switch", sw.get("path").asText());
        assertEquals("terminal", sw.get("dialect").asText());
        assertEquals(1, sw.get("connections").asInt());
        assertEquals(400.0, sw.get("approvalsPerSecond").asDouble(), 1e-9);
        assertEquals(0.4, sw.get("ratio").asDouble(), 1e-9);
        assertEquals(5.0, sw.at("/latencyMs/p99.9").asDouble(), 1e-9);
        assertEquals(800, sw.at("/codes/00").asLong());
        JsonNode declined = root.get("runs").get(11);
        assertEquals(2, declined.at("/codes/51").asLong());
        assertEquals(1, declined.get("timeouts").asLong());
        assertEquals(420.4, declined.at("/cpuMicrosPerApproval/issuer").asDouble(), 1e-9);
        assertEquals(70.0, declined.at("/cpuByThreads/issuer/h2").asDouble(), 1e-9);
        assertTrue(sw.get("cpuMicrosPerApproval") == null, "a run without CPU figures has none in the JSON");
        assertTrue(sw.get("cpuByThreads") == null, "nor any by thread");
        assertEquals(200, root.at("/fullPath/cards").asInt());
        assertTrue(root.at("/fullPath/auditOk").asBoolean());
    }

    @Test
    void thePageDrawsEveryRunSelfContained(@TempDir Path dir) throws Exception {
        BenchRun run = sample();
        Path file = dir.resolve("report.html");
        ResultsPage.write(run, file);
        String html = Files.readString(file);
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("src="), "nothing fetched");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));

        assertEquals(2, byClass(doc, "svg", "throughput").size(), "one throughput chart per dialect");
        assertEquals(4, byClass(doc, "svg", "latency").size(), "one latency chart per dialect and connection count");
        List<Element> bars = byClass(doc, "rect", "bar");
        assertEquals(12, bars.size(), "one bar per run");
        Map<String, Double> heights = new HashMap<>();
        for (Element b : bars) {
            heights.put(b.getAttribute("data-path") + "/" + b.getAttribute("data-dialect") + "/" + b.getAttribute("data-connections"),
                    Double.parseDouble(b.getAttribute("height")));
        }
        assertEquals(0.4, heights.get("switch/terminal/1") / heights.get("zero-work/terminal/1"), 0.01, "bar heights are to scale");
        assertEquals(0.2, heights.get("full/van/16") / heights.get("zero-work/van/16"), 0.01);
        assertTrue(html.contains("switch + zero-work host, terminal, 1 connections: 400.0 approvals/s, 0.40 of the zero-work host"));
        assertTrue(html.contains("\u00d70.40"));

        List<Element> points = byClass(doc, "circle", "point");
        assertEquals(12 * 5, points.size(), "p50, p90, p99, p99.9 and max of every run");
        assertTrue(points.stream().anyMatch(p -> p.getAttribute("data-path").equals("full")
                && p.getAttribute("data-percentile").equals("p99.9") && p.getAttribute("data-ms").equals("30.000")));
        assertEquals(6 * 2, doc.getElementsByTagName("polyline").getLength(), "one line per path in each of the 4 latency charts");

        NodeList rows = doc.getElementsByTagName("tr");
        assertEquals(13, rows.getLength(), "header + one row per run");
        assertTrue(html.contains("200 cards issued and loaded through the admin API in 3.5 s; ledger audit after the load: passed"));
    }

    @Test
    void aPacedRunSaysSoAndCountsTheRequestsItNeverSentAsErrors(@TempDir Path dir) throws Exception {
        PathRun paced = new PathRun("full", "terminal", 64, 2.0, 9997, 9997, 9997, 4998.5, null, new Latency(1, 2, 12, 40, 60),
                0, 0, 3, new BenchRun.SendLag(0.05, 0.4, 2.5), Map.of("00", 9997L), null, null, null);
        Settings settings = new Settings(List.of("full"), List.of("terminal"), List.of(64), 1, 5000, 3.0, 0.5, 2.0, 200, 100,
                "purchase=100");
        BenchRun run = new BenchRun("2025-01-02 03:04:05", new BenchRun.Machine(2, 4096, "OpenJDK 25", "Linux"), settings,
                List.of(paced), new FullPathFacts(200, 3.5, true, List.of()));

        String[] lines = ResultsTable.format(run).split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("Paced at 5000 requests/s overall, up to 1 in flight per connection;"), lines[0]);
        assertTrue(lines[2].matches("switch \\+ issuer host\\s+terminal\\s+64\\s+4998\\.5\\s+-\\s+1\\.000\\s+12\\.000\\s+40\\.000\\s+3\\s+-"), lines[2]);

        ResultsJson.write(run, dir.resolve("results.json"));
        JsonNode root = new ObjectMapper().readTree(Files.readString(dir.resolve("results.json")));
        assertEquals(5000, root.at("/settings/rate").asDouble(), 1e-9);
        assertEquals(3, root.at("/runs/0/behindSchedule").asLong());
        assertEquals(0.4, root.at("/runs/0/sendLagMs/p99").asDouble(), 1e-9);
        assertNull(root.at("/runs/0").get("ratio"), "no ratio to the zero-work host for a paced run");

        String html = ResultsPage.render(run);
        assertTrue(html.contains("Paced at 5000 requests/s overall"), html);
        assertFalse(html.contains("ratio to the zero-work host"), html);
        assertFalse(html.contains("Closed loop"), html);
    }

    private static List<Element> byClass(Document doc, String tag, String cls) {
        NodeList all = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").equals(cls)) out.add(e);
        }
        return out;
    }
}
