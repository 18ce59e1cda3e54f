package org.veil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class KeyFilterTest {
    private static String key(int terminal, int stan) {
        return String.format("TERM%04d|%06d|1123120000|2", terminal, stan);
    }

    @Test
    void everyAddedKeyMightBeThereAndFewOthersSeemTo() {
        int n = 100_000;
        KeyFilter filter = new KeyFilter(n);
        for (int i = 0; i < n; i++) filter.add(key(i % 64, i));
        for (int i = 0; i < n; i++) assertTrue(filter.mightContain(key(i % 64, i)), "added key " + i);
        int falseMaybe = 0;
        for (int i = n; i < 2 * n; i++) {
            if (filter.mightContain(key(i % 64, i))) falseMaybe++;
        }
        assertTrue(falseMaybe < n / 100, "false maybe: " + falseMaybe + " of " + n); // sized for 1 %, rounded up
    }

    @Test
    void anEmptyFilterRulesEverythingOut() {
        KeyFilter filter = new KeyFilter(10);
        assertFalse(filter.mightContain(key(1, 1)));
        filter.add(key(1, 1));
        assertTrue(filter.mightContain(key(1, 1)));
        assertFalse(filter.mightContain(key(1, 2)));
    }

    @Test
    void sizeIsAPowerOfTwoOfAtLeastNineAndAHalfBitsPerKey() {
        assertEquals(1L << 27, new KeyFilter(10_000_000).bits());
        assertEquals(64, new KeyFilter(1).bits());
        assertThrows(IllegalArgumentException.class, () -> new KeyFilter(0));
    }

    @Test
    void learnsTheFirstColumnOfEveryRowAndKnowsItsSize() throws Exception {
        KeyFilter filter = new KeyFilter(100);
        assertEquals(100, filter.expectedKeys());
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:learn" + System.nanoTime());
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE k (idem_key VARCHAR(64))");
            st.execute("INSERT INTO k VALUES ('" + key(1, 1) + "'), (NULL), ('" + key(2, 2) + "')");
            try (ResultSet rs = st.executeQuery("SELECT idem_key FROM k")) {
                assertEquals(3, filter.learn(rs), "every row read, the null one too");
            }
        }
        assertTrue(filter.mightContain(key(1, 1)));
        assertTrue(filter.mightContain(key(2, 2)));
        assertFalse(filter.mightContain(key(3, 3)));
    }
}
