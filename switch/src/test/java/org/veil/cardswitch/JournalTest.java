package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.veil.packagers.CardNumbers;

/** The journal in the switch's own H2 database: every exchange, and never a clear PAN. */
@ExtendWith(RunningSwitch.class)
@Timeout(30)
class JournalTest {
    @Test
    void journalHoldsMaskedPansOnly() throws Exception {
        RunningSwitch.issuer.answerWith(IssuerStandIn::approve);
        String stan;
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            ISOMsg sale = t.request("0200", EdgeClient.OTHER_PAN, 1_000);
            stan = sale.getString(11);
            assertEquals("00", t.ask(sale).getString(39));
            ISOMsg swiped = v.request("0100", EdgeClient.OTHER_PAN, 2_000);
            swiped.unset(2);
            swiped.set(35, EdgeClient.OTHER_PAN + "=29121010000000000");
            assertEquals("00", v.ask(swiped).getString(39));
        }
        String pan = EdgeClient.OTHER_PAN;
        try (Connection c = SwitchDatabase.get().getConnection(); Statement st = c.createStatement()) {
            SwitchTest.awaitTrue(() -> count(c, "SELECT COUNT(*) FROM journal WHERE masked_pan = '" + CardNumbers.mask(pan) + "'") >= 2);
            assertEquals(List.of(), ClearPans.inJournal(pan, EdgeClient.PAN));
            assertTrue(count(c, "SELECT COUNT(*) FROM journal") >= 2);
            try (ResultSet rs = st.executeQuery("SELECT mti, response_code, idem_key, elapsed_micros, dialect FROM journal"
                    + " WHERE stan = '" + stan + "' AND terminal_id = 'TERM0001'")) {
                assertTrue(rs.next());
                assertEquals("0200", rs.getString(1));
                assertEquals("00", rs.getString(2));
                assertTrue(rs.getString(3).startsWith("TERM0001|" + stan + "|"));
                assertTrue(rs.getLong(4) > 0);
                assertEquals("TERMINAL", rs.getString(5));
            }
        }
    }

    /** cfg's cache-kb reaches the embedded database (a small cache: fewer pages to copy at each young collection). */
    @Test
    void embeddedDatabaseRunsWithTheConfiguredPageCache() throws Exception {
        try (Connection c = SwitchDatabase.get().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'CACHE_SIZE'")) {
            assertTrue(rs.next());
            assertEquals("2048", rs.getString(1));
        }
        assertEquals("jdbc:h2:file:/var/veil/switch;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=512",
                SwitchDatabase.embeddedUrl(java.nio.file.Path.of("/var/veil"), 512));
    }

    @Test
    void logsHoldNoClearPan() throws Exception {
        RunningSwitch.issuer.answerWith(IssuerStandIn::approve);
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg sale = t.request("0200", EdgeClient.PAN, 10);
            sale.unset(2);
            sale.set(35, EdgeClient.PAN + "=29121010000000000");
            assertEquals("00", t.ask(sale).getString(39));
        }
        assertEquals(List.of(), ClearPans.inLogs(EdgeClient.PAN, EdgeClient.OTHER_PAN));
    }

    private static int count(Connection c, String sql) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
