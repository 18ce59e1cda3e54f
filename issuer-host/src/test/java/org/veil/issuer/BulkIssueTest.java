package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.issuer.admin.BulkIssue;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.ResponseCode;

/**
 * Cards from BulkIssue, written into a stopped issuer's database, are the cards the admin API issues and loads: the
 * same view (state, product, balances, one LOAD entry), they authorize over the real host link, and the ledger audit
 * passes; its cards file holds exactly the committed cards, readable by its owner only.
 */
@Timeout(120)
class BulkIssueTest {
    private static final long LOAD = 1_000_000;

    @Test
    void bulkIssuedCardsAreNormalCardsThatAuthorizeAndKeepTheLedgerBalanced(@TempDir Path root) throws Exception {
        Path cardsFile = root.resolve("cards.csv");
        try (IssuerProcess issuer = new IssuerProcess(root)) {
            AdminClient admin = new AdminClient(issuer.adminPort);
            issuer.start();
            JsonNode normal = admin.issue("PREPAID-USD", LOAD);
            BulkIssue.Plan plan = plan(issuer, 50, 20, cardsFile);
            // The host holds the database: a bulk run must not write beside it.
            assertThrows(Exception.class, () -> BulkIssue.run(plan));
            issuer.stop();

            BulkIssue.Result result = BulkIssue.run(plan);
            assertEquals(50, result.cards());
            List<String> lines = Files.readAllLines(cardsFile);
            assertEquals(50, lines.size());
            assertEquals(50, new HashSet<>(lines).size(), "50 different cards");
            for (String line : lines) {
                String[] parts = line.split(",");
                assertEquals(2, parts.length, "pan,expiry");
                assertTrue(parts[0].startsWith("999900") && parts[0].length() == 16 && CardNumbers.luhnValid(parts[0]), "a PREPAID-USD number");
                assertEquals(normal.get("expiry").asText(), parts[1]);
            }
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cardsFile)));

            issuer.start();
            String pan = lines.get(17).split(",")[0];
            JsonNode bulk = admin.ok("GET", "/cards/" + pan, null);
            assertEquals(comparable(admin.ok("GET", "/cards/" + normal.get("id").asLong(), null)), comparable(bulk),
                    "a bulk card looks exactly like an admin-issued, admin-loaded one");
            assertFalse(bulk.toString().contains(pan), "the view shows the card number masked only");

            try (HostLinkClient link = new HostLinkClient(issuer.hostPort)) {
                ISOMsg answer = link.send(HostLinkClient.request("2200", pan, "000000", 12_345, "840"));
                assertEquals("00", ResponseCode.fromHostCode(answer.getString(39)).code());
            }
            assertEquals(LOAD - 12_345, admin.ok("GET", "/cards/" + pan, null).get("available").asLong());
            JsonNode audit = admin.ok("GET", "/audit", null);
            assertTrue(audit.get("ok").asBoolean(), "ledger audit: " + audit);
            // 51 cards, the ADMIN-LOAD funding account and the merchant's.
            assertEquals(53, audit.get("accounts").asInt(), "accounts: " + audit);
        }
    }

    private static BulkIssue.Plan plan(IssuerProcess issuer, int count, int batch, Path cardsFile) {
        return new BulkIssue.Plan("jdbc:h2:file:" + issuer.dataDir().toAbsolutePath().resolve("issuer"),
                issuer.root.resolve("cfg/issuer/products.yml"), issuer.root.resolve("cfg/keys/TEST-ONLY-keys.p12"),
                "test-only-not-a-secret".toCharArray(), "PREPAID-USD", count, LOAD, batch, cardsFile);
    }

    /** A card's admin view without what differs from card to card: id, masked number, times and references. */
    private static JsonNode comparable(JsonNode card) {
        ObjectNode c = card.deepCopy();
        c.remove(List.of("id", "maskedPan"));
        for (JsonNode e : c.withArray("entries")) ((ObjectNode) e).remove(List.of("time", "reference"));
        return c;
    }
}
