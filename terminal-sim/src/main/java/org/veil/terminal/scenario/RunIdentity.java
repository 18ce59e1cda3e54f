package org.veil.terminal.scenario;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** What makes one run's requests its own: the {@code ${run}} token and the STAN sequence. */
final class RunIdentity {
    private static final int MAX_STAN = 999_999;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String token;
    private final AtomicInteger stan;

    RunIdentity() {
        // Time in base 36 keeps tokens of later runs apart; the random suffix separates runs of the same millisecond.
        this(Long.toString(System.currentTimeMillis(), 36) + Integer.toString(36 + RANDOM.nextInt(36 * 36 - 36), 36),
                1 + RANDOM.nextInt(MAX_STAN));
    }

    RunIdentity(String token, int firstStan) {
        this.token = token;
        this.stan = new AtomicInteger(firstStan - 1);
    }

    String token() {
        return token;
    }

    /** 000001 to 999999 from a random start, round again after 999999: unique within a run. */
    String nextStan() {
        int s = stan.updateAndGet(v -> v >= MAX_STAN ? 1 : v + 1);
        return String.format("%06d", s);
    }
}
