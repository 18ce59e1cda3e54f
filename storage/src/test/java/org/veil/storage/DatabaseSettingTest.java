package org.veil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingTest {

    @Test
    void notSetIsTheDefaultAndAValueIsReadAsWritten() {
        assertEquals(2048, DatabaseSetting.atLeastOne("cache-kb", Map.<String, String>of()::get, 2048));
        assertEquals(2048, DatabaseSetting.atLeastOne("cache-kb", Map.of("cache-kb", "  ")::get, 2048));
        assertEquals(1, DatabaseSetting.atLeastOne("cache-kb", Map.of("cache-kb", " 1 ")::get, 2048));
        assertEquals(10_000_000_000L, DatabaseSetting.atLeastOne("expected-keys", Map.of("expected-keys", "10000000000")::get, 1));
    }

    @Test
    void aBadValueIsOneLineNamingItsProperty() {
        assertEquals("cache-kb: must be at least 1, got 0",
                assertThrows(IllegalStateException.class, () -> DatabaseSetting.atLeastOne("cache-kb", Map.of("cache-kb", "0")::get, 2048)).getMessage());
        assertEquals("cache-kb: must be at least 1, got -5",
                assertThrows(IllegalStateException.class, () -> DatabaseSetting.atLeastOne("cache-kb", Map.of("cache-kb", "-5")::get, 2048)).getMessage());
        assertEquals("cache-kb: not a whole number: '2MB'",
                assertThrows(IllegalStateException.class, () -> DatabaseSetting.atLeastOne("cache-kb", Map.of("cache-kb", "2MB")::get, 2048)).getMessage());
    }
}
