package org.veil.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;
import java.util.concurrent.ThreadLocalRandom;
import org.veil.terminal.CardData;

/**
 * A load run's cards from a {@code pan,expiry} file, where every draw is a uniformly random card of the whole file:
 * the load generator walks its deck in order from a start per connection, so connections would share a small, hot
 * stretch of it; drawn at random, a million cards are a working set of a million. Numbers are held as longs (8 bytes
 * a card) and made into a CardData per draw. Not a list to iterate: {@code get(i)} ignores {@code i}.
 */
final class RandomCardDeck extends AbstractList<CardData> implements RandomAccess {
    private final long[] pans;
    private final int panLength;
    private final String expiry;

    private RandomCardDeck(long[] pans, int panLength, String expiry) {
        this.pans = pans;
        this.panLength = panLength;
        this.expiry = expiry;
    }

    /** The cards of the file; all must share one PAN length (up to 18 digits) and one expiry, as one bulk run's do. */
    static RandomCardDeck read(Path file, int expected) throws IOException {
        long[] pans = new long[expected];
        int n = 0;
        int length = -1;
        String expiry = null;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                int comma = line.indexOf(',');
                if (comma < 12 || comma > 18) throw new IOException(file + " line " + (n + 1) + ": expected pan,expiry");
                String e = line.substring(comma + 1, Math.min(line.length(), comma + 5));
                if (length < 0) {
                    length = comma;
                    expiry = e;
                } else if (comma != length || !e.equals(expiry)) {
                    throw new IOException(file + " line " + (n + 1) + ": every card must have the first card's PAN length and expiry");
                }
                if (n == pans.length) pans = Arrays.copyOf(pans, pans.length * 2 + 1);
                pans[n++] = Long.parseLong(line, 0, comma, 10);
            }
        }
        if (n == 0) throw new IOException(file + " holds no card");
        return new RandomCardDeck(Arrays.copyOf(pans, n), length, expiry);
    }

    /** A uniformly random card (whatever the index). */
    @Override
    public CardData get(int index) {
        long pan = pans[ThreadLocalRandom.current().nextInt(pans.length)];
        String digits = Long.toString(pan);
        return CardData.keyed("0".repeat(panLength - digits.length()) + digits, expiry);
    }

    @Override
    public int size() {
        return pans.length;
    }
}
