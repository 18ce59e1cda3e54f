package org.veil.issuer.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;
import org.jpos.core.SimpleConfiguration;
import org.junit.jupiter.api.Test;

/** The issuer database's cfg settings: defaults, and one line naming the property for a bad value. */
class IssuerDatabaseSettingsTest {

    private static SimpleConfiguration cfg(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) p.setProperty(pairs[i], pairs[i + 1]);
        return new SimpleConfiguration(p);
    }

    @Test
    void defaultsAndValuesAsWritten() {
        assertEquals(new IssuerDatabase.RedoSettings(1000, 64L << 20), IssuerDatabase.redoSettings(cfg()));
        assertEquals(new IssuerDatabase.RedoSettings(5000, 8L << 20),
                IssuerDatabase.redoSettings(cfg("redo-checkpoint-seconds", " 5 ", "redo-segment-mb", "8")));
        assertNull(IssuerDatabase.redoSettings(cfg("redo-log", "false", "redo-checkpoint-seconds", "0")), "no log, nothing read");
        assertEquals(10_000_000, IssuerDatabase.requestKeys(cfg()).expectedKeys());
        assertEquals(5_000, IssuerDatabase.requestKeys(cfg("request-log-expected-keys", "5000")).expectedKeys());
    }

    @Test
    void aBadValueIsOneLineNamingItsProperty() {
        assertEquals("redo-checkpoint-seconds: must be at least 1, got 0",
                assertThrows(IllegalStateException.class, () -> IssuerDatabase.redoSettings(cfg("redo-checkpoint-seconds", "0"))).getMessage());
        assertEquals("redo-segment-mb: not a whole number: '64MB'",
                assertThrows(IllegalStateException.class, () -> IssuerDatabase.redoSettings(cfg("redo-segment-mb", "64MB"))).getMessage());
        assertEquals("request-log-expected-keys: must be at least 1, got -1",
                assertThrows(IllegalStateException.class, () -> IssuerDatabase.requestKeys(cfg("request-log-expected-keys", "-1"))).getMessage());
        String tooMany = assertThrows(IllegalStateException.class,
                () -> IssuerDatabase.requestKeys(cfg("request-log-expected-keys", "100000000000"))).getMessage();
        assertEquals("request-log-expected-keys: expected keys 100000000000 is more than this filter holds", tooMany);
    }
}
