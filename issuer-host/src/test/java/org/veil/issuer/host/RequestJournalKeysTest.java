package org.veil.issuer.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The repeat check looks a key up in the request log unless the filter rules it out, and the filter rules out only
 * keys the table cannot hold: those of rows before the startup scan, and of rows inserted since.
 */
class RequestJournalKeysTest {
    private static final String BEFORE_START = HostRequest.key("TERM0001", "41", "1124101500", '2');
    private static final String NEW_KEY = HostRequest.key("TERM0001", "42", "1124101501", '2');

    @Test
    void keysOfRowsBeforeTheScanAndSinceAreFoundAndOnlyUnknownKeysSkipTheTable() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:keys" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO requests (idem_key, request_digest, mti, response_code,"
                     + " created_at) VALUES (?, 'digest', '2200', '0000', 0)")) {
            ps.setString(1, BEFORE_START);
            ps.executeUpdate();
        }
        RequestJournal journal = new RequestJournal();
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
    void aScanThatFailsLeavesEveryKeyLookedUp() throws Exception {
        JdbcDataSource empty = new JdbcDataSource(); // no requests table: the scan fails
        empty.setURL("jdbc:h2:mem:nokeys" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        RequestJournal journal = new RequestJournal();
        journal.learnKeys(empty);
        assertFalse(journal.filtering());
    }
}
