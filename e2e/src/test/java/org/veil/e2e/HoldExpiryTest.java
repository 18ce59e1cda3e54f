package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/** A hold nobody completes is released by the issuer's scheduled job, once. */
class HoldExpiryTest {
    private static VeilStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("holds", Map.of("veil.holds.sweep.seconds", "1"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) stack.close();
    }

    @Test
    void expiredHoldIsReleasedByTheScheduledJob() throws Exception {
        AdminClient admin = stack.admin();
        IssuedCard card = admin.issueCard("TEST-SHORT-HOLD");
        String ref = String.valueOf(card.id());
        admin.load(ref, 10_000, "hold-load");
        RequestFactory rf = new RequestFactory("VAN00003", "VANSHOP00000001", "Veil Demo Web Shop", "840");
        try (IsoClient c = IsoClient.connect(Dialect.VAN, "127.0.0.1", stack.ports().van())) {
            assertEquals("00", c.call(rf.authorization(CardData.keyed(card.pan(), card.expiry()), 4_000),
                    Duration.ofSeconds(15)).getString(39));
        }
        assertEquals(6_000, admin.available(ref));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (admin.available(ref) != 10_000 && System.nanoTime() < deadline) Thread.sleep(250);
        assertEquals(10_000, admin.available(ref), "the 3-second hold was not released by the sweep");
        assertEquals(10_000, admin.ledger(ref));
        assertEquals("EXPIRED", admin.card(ref).get("holds").get(0).get("status").asText());
        StackFixture.assertLedgerAudits(admin);
    }
}
