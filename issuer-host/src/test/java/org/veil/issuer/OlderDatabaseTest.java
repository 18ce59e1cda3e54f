package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.issuer.db.ClearCardCheck;

/**
 * A database from before card numbers were encrypted (schema version 1): one that holds cards is refused with one
 * line and left as it was; an empty one migrates to encrypted card columns.
 */
@Timeout(90)
class OlderDatabaseTest {
    private static final String CLEAR_PAN = "9999000000000012";

    @Test
    void aVersion1DatabaseWithCardsIsRefusedInOneLineAndKeepsItsCards(@TempDir Path root) throws Exception {
        IssuerProcess issuer = new IssuerProcess(root);
        String url = "jdbc:h2:file:" + issuer.dataDir().resolve("issuer").toAbsolutePath();
        version1(url, true);
        IssuerProcess.Exit exit = issuer.run();
        assertEquals(1, exit.code(), exit.err());
        assertEquals("", exit.out(), "stdout");
        assertEquals(1, exit.err().lines().count(), "stderr: " + exit.err());
        assertTrue(exit.err().startsWith("issuer-host: the issuer database ") && exit.err().contains(" holds 1 clear card number from an"
                + " older Veil: delete " + issuer.dataDir().toAbsolutePath() + " (scratch data) or migrate"), exit.err());
        assertFalse(exit.err().contains(CLEAR_PAN), exit.err());
        for (String leak : List.of("Exception", "\tat ")) assertFalse(exit.err().contains(leak), exit.err());
        assertEquals(List.of(CLEAR_PAN), clearPans(url), "the refused database is left as it was");
    }

    @Test
    void anEmptyVersion1DatabaseMigratesToEncryptedCardColumns(@TempDir Path root) throws Exception {
        String url = "jdbc:h2:file:" + root.resolve("issuer").toAbsolutePath();
        version1(url, false);
        ClearCardCheck.check(url, null, null); // nothing to refuse
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
        assertEquals(List.of("ID", "PRODUCT", "EXPIRY", "STATE", "ACCOUNT_ID", "CREATED_AT", "PAN_HASH", "PAN_CIPHER", "MASKED_PAN",
                "PVV_CIPHER", "PIN_TRIES", "USE_KIND", "LOCKED_MERCHANT"), cardColumns(url));
    }

    @Test
    void theMigrationItselfFailsBeforeDroppingClearNumbers(@TempDir Path root) throws Exception {
        String url = "jdbc:h2:file:" + root.resolve("issuer").toAbsolutePath();
        version1(url, true);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ClearCardCheck.check(url, null, null));
        assertTrue(refused.getMessage().contains("holds 1 clear card number"), refused.getMessage());
        // Should anything migrate it anyway, the first statement fails and nothing is dropped.
        assertThrows(FlywayException.class,
                () -> Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate());
        assertEquals(List.of(CLEAR_PAN), clearPans(url));
    }

    /** A database as Veil before encryption left it: schema version 1, with one card when asked. */
    private static void version1(String url, boolean withCard) throws SQLException {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("1").load().migrate();
        if (!withCard) return;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO products (code, bin, currency, pan_length, validity_months, max_transaction, max_balance,"
                    + " hold_expiry_seconds) VALUES ('PREPAID-USD', '999900', '840', 16, 36, 500000, 1000000, 604800)");
            s.execute("INSERT INTO accounts (id, kind, code, currency, created_at) VALUES (1, 'CARD', 'PREPAID-USD:1', '840', 0)");
            s.execute("INSERT INTO cards (pan, product, expiry, cvv2, state, account_id, created_at)"
                    + " VALUES ('" + CLEAR_PAN + "', 'PREPAID-USD', '2812', '123', 'ACTIVE', 1, 0)");
        }
    }

    private static List<String> clearPans(String url) throws SQLException {
        List<String> pans = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pan FROM cards")) {
            while (rs.next()) pans.add(rs.getString(1));
        }
        return pans;
    }

    private static List<String> cardColumns(String url) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = 'CARDS'"
                     + " ORDER BY ordinal_position")) {
            while (rs.next()) columns.add(rs.getString(1));
        }
        return columns;
    }
}
