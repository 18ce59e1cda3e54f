package org.veil.issuer.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two-phase transfer rules on a real (in-memory) H2 with the real migrations. */
class LedgerTest {
    private final Ledger ledger = new Ledger();
    private JdbcDataSource ds;
    private AccountDirectory accounts;
    private long card;
    private long merchant;

    @BeforeEach
    void schema() throws Exception {
        ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:ledger" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        accounts = new AccountDirectory(ds);
        try (Connection c = ds.getConnection()) {
            card = accounts.openCardAccount(c, "test-card", "840");
        }
        merchant = accounts.merchant("M1", "840");
        long funding = accounts.funding("F", "840");
        try (Connection c = ds.getConnection()) {
            ledger.post(c, "LOAD", funding, card, 10_000, "load", 1);
        }
    }

    @Test
    void holdPostedPartlyReleasesTheRestAndResolvesOnce() throws Exception {
        try (Connection c = ds.getConnection()) {
            long hold = ledger.hold(c, "AUTH", card, merchant, 6_000, 100, "r", 2);
            assertEquals(4_000, ledger.balance(c, card, false).available());
            assertEquals(10_000, ledger.balance(c, card, false).ledger());
            Pending p = ledger.pending(c, hold);
            assertThrows(IllegalArgumentException.class, () -> ledger.postPending(c, p, 6_001, "CAPTURE", "r", 3));
            ledger.postPending(c, p, 2_500, "CAPTURE", "r", 3);
            assertEquals(7_500, ledger.balance(c, card, false).available());
            assertEquals(7_500, ledger.balance(c, card, false).ledger());
            assertEquals(2_500, ledger.balance(c, merchant, false).ledger());
            Pending again = ledger.pending(c, hold);
            assertThrows(IllegalStateException.class, () -> ledger.voidPending(c, again, "EXPIRE", "EXPIRY", null, 4));
            // The stale copy still says PENDING: the state guard in the database refuses it.
            assertThrows(IllegalStateException.class, () -> ledger.voidPending(c, p, "VOID", "REVERSAL", null, 4));
        }
        assertTrue(new LedgerAudit(ds).run().ok());
    }

    @Test
    void voidAndExpireReleaseEverythingAndZeroAmountsAreRefused() throws Exception {
        try (Connection c = ds.getConnection()) {
            long a = ledger.hold(c, "AUTH", card, merchant, 1_000, 100, "a", 2);
            long b = ledger.hold(c, "AUTH", card, merchant, 2_000, 100, "b", 2);
            ledger.voidPending(c, ledger.pending(c, a), "VOID", "REVERSAL", null, 3);
            ledger.voidPending(c, ledger.pending(c, b), "EXPIRE", "EXPIRY", null, 3);
            assertEquals(10_000, ledger.balance(c, card, false).available());
            assertEquals(0, ledger.balance(c, merchant, false).creditsPending());
            assertThrows(IllegalArgumentException.class, () -> ledger.post(c, "PURCHASE", card, merchant, 0, "z", 4));
            assertThrows(IllegalArgumentException.class, () -> ledger.hold(c, "AUTH", card, merchant, -1, 100, "z", 4));
        }
        LedgerAudit.Report r = new LedgerAudit(ds).run();
        assertTrue(r.ok(), r.violations().toString());
        assertEquals(3, r.accounts());
    }

    @Test
    void auditFindsATamperedBalance() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.createStatement().executeUpdate("UPDATE accounts SET credits_posted = credits_posted + 1 WHERE id = " + card);
        }
        LedgerAudit.Report r = new LedgerAudit(ds).run();
        assertTrue(!r.ok() && r.violations().stream().anyMatch(v -> v.contains("credits_posted")), r.violations().toString());
    }
}
