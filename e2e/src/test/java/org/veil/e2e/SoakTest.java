package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.e2e.ProcessWatch.Verdict;
import org.veil.packagers.Dialect;
import org.veil.terminal.TransactionMix;

/**
 * The soak's short version (scripts/soak runs the long one): 30 s of the mixed traffic from 200 connections at a
 * modest rate. Asserted: no error, the ledger audits, the money agrees to the minor unit, and both processes' fds and
 * threads are flat (and the switch gives back its sessions' sockets and threads). Not asserted: the heap, which in
 * 30 s is still settling (H2's page caches fill) and which one full-GC sample at each end measures too noisily; nor
 * latency: on a shared CI runner the whole machine can stall for seconds, so here the switch waits 15 s for the
 * issuer (not 5) and a terminal 20 s for its answer before either counts as an error.
 */
class SoakTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(240)
    void thirtySecondsOfMixedTrafficFrom200ConnectionsLeaveNoErrorAndNothingGrowing() throws Exception {
        SoakSettings settings = new SoakSettings(Dialect.TERMINAL, 200, 100, Duration.ofSeconds(30), Duration.ofSeconds(5), 100,
                250, TransactionMix.parse(SoakSettings.DEFAULT_MIX), Duration.ofSeconds(10), Duration.ofSeconds(20));
        try (VeilStack stack = StackFixture.start("soak", Map.of("veil.issuer.timeout.ms", "15000"))) {
            SoakResult r = new SoakRun(settings, stack, System.out).run();
            String text = r.text();
            System.out.print(text);
            assertEquals(0, r.load().failures(), text);
            assertTrue(r.load().answers() >= 0.8 * 100 * 30, "the steady rate was not kept: " + text);
            assertEquals(Set.of("purchase", "auth", "completion", "reversal-0200", "reversal-0400", "balance", "decline"),
                    r.load().codesByKind().keySet(), text);
            assertEquals(Set.of("61"), r.load().codesByKind().get("decline").keySet(), text);
            assertTrue(r.auditOk(), text);
            assertTrue(r.moneyExact() && r.moneyAgrees(), text);
            assertTrue(r.load().merchantNet() > 0, text);
            for (Verdict v : r.verdicts()) {
                assertTrue(v.fdsFlat() && v.threadsFlat() && v.released(), v.line());
            }

            JsonNode j = JSON.readTree(r.json());
            assertEquals(2, j.path("processes").size(), r.json());
            for (JsonNode p : j.path("processes")) {
                List<String> labels = new ArrayList<>();
                p.path("samples").forEach(s -> labels.add(s.path("label").asText()));
                assertEquals("before", labels.getFirst(), r.json());
                assertEquals(List.of("start", "end", "after"), labels.stream().filter(l -> !l.equals("during") && !l.equals("before")).toList(), r.json());
                assertTrue(labels.contains("during"), r.json());
            }
            assertEquals(r.load().merchantNet(), j.path("money").path("merchantChange").asLong(), r.json());
            JsonNode lastFiles = j.path("dataFiles").get(j.path("dataFiles").size() - 1);
            assertTrue(lastFiles.path("bytes").path("issuer.mv.db").asLong() > 0, r.json());
        }
    }

    @Test
    void badArgumentsGetOneLineAndExit2() {
        for (String[] args : new String[][] {
                {"--duration", "soon"},
                {"--connections", "0"},
                {"--dialect", "host"},
                {"--mix", "purchase=1,steal=1"},
                {"--cards", "1", "--rate", "100000"},
                {"--frobnicate"},
        }) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream original = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = CommandMain.execute("soak", new Soak(), args);
            } finally {
                System.setErr(original);
            }
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, String.join(" ", args) + " -> " + e);
            assertEquals(1, e.lines().count(), e);
            assertTrue(e.startsWith("soak: "), e);
        }
    }
}
