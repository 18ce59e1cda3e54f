package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One real stack (issuer host + switch processes) on free loopback ports, in a fresh data directory. */
final class StackFixture {
    private StackFixture() {}

    static VeilStack start(String name, Map<String, String> properties) throws IOException {
        return start(name, VeilStack.Ports.free(), properties);
    }

    static VeilStack start(String name, VeilStack.Ports ports, Map<String, String> properties) throws IOException {
        Path root = VeilStack.findRoot();
        Path data = Files.createTempDirectory(root.resolve("e2e/target").toAbsolutePath().normalize()
                .toFile().exists() ? root.resolve("e2e/target") : Path.of(System.getProperty("java.io.tmpdir")), name + "-");
        return new VeilStack(root, data, ports, properties).start();
    }

    /**
     * The card's ledger once it has equalled {@code expected} for a second, so a late move (a redelivery, a
     * late approval) shows; or whatever it is after 30 s, once store-and-forward had time to deliver.
     */
    static long awaitLedger(AdminClient admin, long cardId, long expected) throws IOException, InterruptedException {
        String id = String.valueOf(cardId);
        long deadline = System.nanoTime() + 30_000_000_000L;
        long equalSince = 0;
        long ledger = admin.ledger(id);
        while (System.nanoTime() < deadline) {
            if (ledger != expected) equalSince = 0;
            else if (equalSince == 0) equalSince = System.nanoTime();
            else if (System.nanoTime() - equalSince > 1_000_000_000L) break;
            Thread.sleep(100);
            ledger = admin.ledger(id);
        }
        return ledger;
    }

    /** The ledger invariants: postings sum to zero, balances equal their postings, no negative available. */
    static void assertLedgerAudits(AdminClient admin) throws IOException {
        JsonNode audit = admin.audit();
        assertTrue(audit.path("ok").asBoolean(false), "ledger audit failed: " + audit);
    }
}
