package org.veil.terminal.scenario;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpos.iso.ISOMsg;
import org.veil.terminal.IsoClient;

/** How many answers a connection has received per STAN + terminal, copies included (for {@code answers: N}). */
final class AnswerCounts {
    private static final long POLL_MS = 10;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    void add(ISOMsg answer) {
        counts.computeIfAbsent(IsoClient.matchKey(answer), k -> new AtomicInteger()).incrementAndGet();
    }

    int count(String key) {
        AtomicInteger n = counts.get(key);
        return n == null ? 0 : n.get();
    }

    /** Waits until the count for the key reaches {@code atLeast} or the deadline (System.nanoTime) passes. */
    int await(String key, int atLeast, long deadlineNanos) throws InterruptedException {
        int n;
        while ((n = count(key)) < atLeast && System.nanoTime() < deadlineNanos) {
            Thread.sleep(POLL_MS);
        }
        return n;
    }
}
