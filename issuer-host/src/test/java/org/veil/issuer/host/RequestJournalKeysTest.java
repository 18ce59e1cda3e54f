package org.veil.issuer.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.veil.issuer.admin.CardLoader;
import org.veil.issuer.db.RetriedTransaction;
import org.veil.storage.KeyFilter;

/**
 * The repeat check looks a key up in the request log unless the filter rules it out, and the filter rules out only
 * keys the table cannot hold: those of rows before the startup scan, and of rows inserted since.
 */
class RequestJournalKeysTest {
    private static final String BEFORE_START = HostRequest.key("TERM0001", "41", "1124101500", '2');
    private static final String NEW_KEY = HostRequest.key("TERM0001", "42", "1124101501", '2');

    @Test
    void keysOfRowsBeforeTheScanAndSinceAreFoundAndOnlyUnknownKeysSkipTheTable() throws Exception {
        JdbcDataSource ds = migrated();
        insertRow(ds, BEFORE_START);
        RequestJournal journal = new RequestJournal(new KeyFilter(1_000));
        try (Connection c = ds.getConnection()) {
            assertFalse(journal.filtering());
            assertNull(journal.byKey(c, NEW_KEY));
            assertEquals(1, journal.keyLookups(), "before the scan every key is looked up");

            journal.learnKeys(ds);
            assertTrue(journal.filtering());
            assertNotNull(journal.byKey(c, BEFORE_START), "a row from before the scan is still found");
            assertEquals(2, journal.keyLookups());
            assertNull(journal.byKey(c, NEW_KEY));
            assertEquals(2, journal.keyLookups(), "a key the filter rules out is not looked up");

            // A reversal that overtook its original leaves a row under the original's key: the original must find it.
            HostRequest reversal = new HostRequest("2420", null, null, null, null, null, null, "1124101530", "43",
                    "TERM0001", "MERCHANT0000001", null, "2200" + "000000000042" + "1124101501" + "00000000001", false, null);
            assertEquals(NEW_KEY, reversal.originalKey());
            journal.insertReversedBeforeArrival(c, reversal, 0);
            LoggedRequest overtaken = journal.byKey(c, NEW_KEY);
            assertNotNull(overtaken, "a row inserted after the scan is found");
            assertTrue(overtaken.reversedBeforeArrival());
        }
    }

    @Test
    void theScanLeavesOutAdminLoadsAndAKeyItMissedCostsOneRetryNotAWrongAnswer() throws Exception {
        JdbcDataSource ds = migrated();
        String load = CardLoader.KEY_PREFIX + "bulk-000001";
        insertRow(ds, load);
        insertRow(ds, BEFORE_START);
        RequestJournal journal = new RequestJournal(new KeyFilter(1_000));
        journal.learnKeys(ds);
        try (Connection c = ds.getConnection()) {
            assertNotNull(journal.byKey(c, BEFORE_START), "keys on either side of the admin loads' range are read");
            assertNull(journal.byKey(c, load), "an admin load's key is not read: no host request carries one");

            // A row the filter does not know (written behind the journal's back): the new request's insert fails on
            // the unique key, which RetriedTransaction runs again; by then the filter knows the key and finds the row.
            HostRequest reversal = new HostRequest("2420", null, null, null, null, null, null, "1124101530", "43",
                    "TERM0001", "MERCHANT0000001", null, "2200" + "000000000042" + "1124101501" + "00000000001", false, null);
            insertRow(ds, NEW_KEY);
            assertNull(journal.byKey(c, NEW_KEY));
            SQLException clash = assertThrows(SQLException.class, () -> journal.insertReversedBeforeArrival(c, reversal, 0));
            assertEquals(RetriedTransaction.UNIQUE_VIOLATION, clash.getSQLState());
            assertNotNull(journal.byKey(c, NEW_KEY), "the retry finds the row");
        }
    }

    private static JdbcDataSource migrated() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:keys" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }

    private static void insertRow(JdbcDataSource ds, String key) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO requests (idem_key, request_digest, mti, response_code,"
                     + " created_at) VALUES (?, 'digest', '2200', '0000', 0)")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    @Test
    void aScanThatFailsLeavesEveryKeyLookedUp() throws Exception {
        JdbcDataSource empty = new JdbcDataSource(); // no requests table: the scan fails
        empty.setURL("jdbc:h2:mem:nokeys" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        RequestJournal journal = new RequestJournal(new KeyFilter(1_000));
        journal.learnKeys(empty);
        assertFalse(journal.filtering());
    }
}
