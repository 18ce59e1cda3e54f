package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.veil.security.Dukpt;

class KsnCounterTest {
    private static final String PREFIX = "FFFF9876543210E";

    private static String ksn(int counter) {
        return KsnCounter.startingAt(KsnCounter.DEFAULT_BASE).base().substring(0, 14)
                + String.format("%06X", 0xE00000 | counter);
    }

    @Test
    void countersAdvanceAndEveryOneIsX924Valid() {
        KsnCounter c = KsnCounter.startingAt(ksn(0x0FF0));
        int previous = -1;
        for (int i = 0; i < 3000; i++) {
            String k = c.next();
            assertTrue(k.startsWith(PREFIX.substring(0, 14)), k);
            int counter = Dukpt.counter(k); // the switch's own check: 1 to 10 one-bits
            assertTrue(Integer.bitCount(counter) <= 10 && counter > 0, k);
            if (previous >= 0) {
                assertTrue(counter > previous, k);
                // nothing valid was skipped: every counter in between has more than 10 one-bits
                for (int between = previous + 1; between < counter; between++) assertTrue(Integer.bitCount(between) > 10, Integer.toHexString(between));
            }
            previous = counter;
        }
    }

    @Test
    void aCounterWithTenOneBitsIsFollowedByTheNextValidOne() {
        KsnCounter c = KsnCounter.startingAt(ksn(0x7FE)); // 10 one-bits; 0x7FF has 11
        assertEquals(0x7FE, Dukpt.counter(c.next()));
        assertEquals(0x800, Dukpt.counter(c.next()));
        assertEquals(0x801, Dukpt.counter(c.next()));
    }

    @Test
    void aStartWithoutAValidCounterMovesToTheNextValidOne() {
        assertEquals(1, Dukpt.counter(KsnCounter.startingAt(KsnCounter.DEFAULT_BASE).next()));
        assertEquals(0x800, Dukpt.counter(KsnCounter.startingAt(ksn(0x7FF)).next()));
        assertEquals(KsnCounter.DEFAULT_BASE, KsnCounter.startingAt(ksn(0x1234)).base());
    }

    @Test
    void theCounterIsUsedUpAfterTheLastValidOne() {
        KsnCounter c = KsnCounter.startingAt(ksn(0x1FF800)); // the last counter with 10 one-bits
        assertEquals(0x1FF800, Dukpt.counter(c.next()));
        IllegalStateException e = assertThrows(IllegalStateException.class, c::next);
        assertTrue(e.getMessage().contains("used up"), e.getMessage());
    }

    @Test
    void theClockSeedsAValidCounterThatGrowsWithTime() {
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        int earlier = Dukpt.counter(KsnCounter.fromClock(KsnCounter.DEFAULT_BASE, Clock.fixed(t, ZoneOffset.UTC)).next());
        int later = Dukpt.counter(KsnCounter.fromClock(KsnCounter.DEFAULT_BASE, Clock.fixed(t.plusSeconds(60), ZoneOffset.UTC)).next());
        assertTrue(later > earlier, earlier + " then " + later);
    }

    @Test
    void aMalformedKsnIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> KsnCounter.startingAt("FFFF98765"));
        assertThrows(IllegalArgumentException.class, () -> KsnCounter.startingAt("GGGG9876543210E00001"));
    }
}
