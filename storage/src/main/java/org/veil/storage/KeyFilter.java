package org.veil.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The idempotency keys a table may hold, as a Bloom filter: "no" is certain, so a new key (nearly every request) is
 * taken without a lookup in the table; "maybe" sends the check to the table as before. Looking every new key up was a
 * tenth of the switch's CPU under load (its journal) and about 7 % of the issuer host's request threads (its request
 * log). The filter only grows: a key it has seen stays a "maybe", which costs a lookup and nothing else. It is sized
 * for a number of keys; past that, more answers become "maybe" (about 1 in 100 at the size, 1 in 10 at twice the
 * size), and its owner does more lookups, never fewer.
 */
public final class KeyFilter {
    private static final int HASHES = 7; // the best count for 1 % false "maybe" at about 9.6 bits per key

    private final AtomicLongArray words;
    private final long bitMask;
    private final long expectedKeys;

    /** A filter for about {@code expectedKeys} keys at 1 % false "maybe"; the bit count is rounded up to a power of two. */
    public KeyFilter(long expectedKeys) {
        if (expectedKeys < 1) throw new IllegalArgumentException("expected keys must be at least 1, got " + expectedKeys);
        long bits = Long.highestOneBit(Math.max(64, (long) Math.ceil(expectedKeys * 9.6)) * 2 - 1);
        if (bits > (1L << 36)) throw new IllegalArgumentException("expected keys " + expectedKeys + " is more than this filter holds");
        words = new AtomicLongArray((int) (bits >>> 6));
        bitMask = bits - 1;
        this.expectedKeys = expectedKeys;
    }

    /** Adds the key in the first column of every row left in {@code keys}, skipping nulls; returns how many rows it read. */
    public long learn(ResultSet keys) throws SQLException {
        long n = 0;
        while (keys.next()) {
            String key = keys.getString(1);
            if (key != null) add(key);
            n++;
        }
        return n;
    }

    /** The number of keys the filter was sized for: past it, more keys seem to be there. */
    public long expectedKeys() {
        return expectedKeys;
    }

    public void add(String key) {
        for (long bit : positions(key)) {
            long mask = 1L << bit;
            int word = (int) (bit >>> 6);
            if ((words.get(word) & mask) == 0) words.getAndAccumulate(word, mask, (a, b) -> a | b);
        }
    }

    /** False only if the key was never added. */
    public boolean mightContain(String key) {
        for (long bit : positions(key)) {
            if ((words.get((int) (bit >>> 6)) & (1L << bit)) == 0) return false;
        }
        return true;
    }

    /** The key's bits: h1 + i * h2 for i below HASHES (Kirsch and Mitzenmacher), from one 64-bit hash. */
    private long[] positions(String key) {
        long h = hash(key);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32);
        long[] bits = new long[HASHES];
        for (int i = 0; i < HASHES; i++) bits[i] = (h1 + (long) i * h2) & bitMask;
        return bits;
    }

    /** The filter's size in bits. */
    public long bits() {
        return bitMask + 1;
    }

    /** FNV-1a over the characters, then the SplitMix64 finaliser so every bit depends on every character. */
    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
