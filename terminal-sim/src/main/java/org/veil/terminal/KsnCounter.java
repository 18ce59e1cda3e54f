package org.veil.terminal;

import java.time.Clock;
import java.util.HexFormat;
import org.veil.security.Dukpt;

/**
 * A DUKPT terminal's key serial numbers: a fixed 59-bit key set and device id, then a 21-bit transaction counter that
 * advances once per PIN transaction. As ANSI X9.24-1 requires, counters with more than 10 one-bits are skipped (adding
 * the counter's lowest one-bit instead of 1), so every KSN handed out has a transaction key. Thread-safe.
 */
public final class KsnCounter {
    /** The design's default: key set / device id {@code FFFF9876543210E}, counter after it. */
    public static final String DEFAULT_BASE = "FFFF9876543210E00000";
    static final int MAX_COUNTER = 0x1FFFFF;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final byte[] base;
    private int next;

    private KsnCounter(byte[] base, int first) {
        this.base = base;
        this.next = first;
    }

    /**
     * KSNs from {@code ksn} (20 hex characters) itself: its counter is the first one used, or the first valid one
     * after it when it has none (counter 0) or more than 10 one-bits.
     */
    public static KsnCounter startingAt(String ksn) {
        if (ksn == null || !ksn.matches("[0-9A-Fa-f]{20}")) {
            throw new IllegalArgumentException("a KSN is 20 hex characters");
        }
        byte[] k = HexFormat.of().parseHex(ksn);
        int counter = ((k[7] & 0x1F) << 16) | ((k[8] & 0xFF) << 8) | (k[9] & 0xFF);
        return new KsnCounter(k, isValid(counter) ? counter : following(counter));
    }

    /**
     * KSNs of {@code base} whose first counter comes from the clock (seconds, wrapping every 24 days), so that one
     * simulator run after another mostly keeps counting up, as a terminal that remembers its counter would.
     */
    public static KsnCounter fromClock(String base, Clock clock) {
        KsnCounter c = startingAt(base);
        int seed = (int) (clock.instant().getEpochSecond() % MAX_COUNTER);
        return c.withCounter(isValid(seed) ? seed : following(seed));
    }

    private KsnCounter withCounter(int counter) {
        return new KsnCounter(base, counter);
    }

    /** The KSN with a zero counter: what the terminal's IPEK derives from. */
    public String base() {
        return ksn(0);
    }

    /** The KSN for the next PIN transaction; IllegalStateException once the counter is used up. */
    public synchronized String next() {
        if (next > MAX_COUNTER) throw new IllegalStateException("the DUKPT transaction counter is used up: the terminal needs a new IPEK");
        String ksn = ksn(next);
        next = following(next);
        return ksn;
    }

    /** 1 to 10 one-bits within the 21-bit counter. */
    static boolean isValid(int counter) {
        int ones = Integer.bitCount(counter);
        return counter > 0 && counter <= MAX_COUNTER && ones <= 10;
    }

    /** The smallest valid counter after {@code counter} (may exceed {@link #MAX_COUNTER}: used up). */
    static int following(int counter) {
        int c = counter + 1;
        while (c <= MAX_COUNTER && Integer.bitCount(c) > 10) c += Integer.lowestOneBit(c);
        return c;
    }

    private String ksn(int counter) {
        byte[] k = base.clone();
        k[7] = (byte) ((k[7] & 0xE0) | ((counter >>> 16) & 0x1F));
        k[8] = (byte) (counter >>> 8);
        k[9] = (byte) counter;
        String s = HEX.formatHex(k);
        if (counter != 0) Dukpt.counter(s); // the same check the switch makes
        return s;
    }
}
