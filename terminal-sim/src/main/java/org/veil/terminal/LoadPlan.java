package org.veil.terminal;

import java.time.Duration;
import java.util.List;
import org.veil.packagers.Dialect;

/**
 * What a load run does. {@code rate} 0 means closed loop: each connection keeps {@code inFlight}
 * requests outstanding; otherwise requests are started at {@code rate} per second overall.
 * {@code declineAmount} is what a DECLINE purchase asks for: above the product's max transaction.
 */
public record LoadPlan(Dialect dialect, String host, int port, int connections, Duration warmup, Duration duration,
                       double rate, int inFlight, TransactionMix mix, List<CardData> cards, long amount,
                       String terminalPrefix, String merchantId, String merchantName, String currency,
                       Duration timeout, long declineAmount) {
    /** One minor unit above the max transaction (500000) of the PREPAID products: answered 61. */
    public static final long DEFAULT_DECLINE_AMOUNT = 500_001;

    public LoadPlan {
        if (declineAmount < 1 || declineAmount > 999_999_999_999L) throw new IllegalArgumentException("decline amount must be 1 to 999999999999 minor units");
        if (connections < 1) throw new IllegalArgumentException("connections must be at least 1");
        if (inFlight < 1) throw new IllegalArgumentException("in-flight must be at least 1");
        if (rate < 0) throw new IllegalArgumentException("rate must not be negative");
        if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be positive");
        if (warmup.isNegative()) throw new IllegalArgumentException("warmup must not be negative");
        if (cards.isEmpty()) throw new IllegalArgumentException("no card to use");
        if (terminalPrefix.length() > 7) throw new IllegalArgumentException("terminal prefix must leave room for a number in 8 characters");
        if (Integer.toString(connections).length() > 8 - terminalPrefix.length()) {
            throw new IllegalArgumentException(connections + " connections do not fit terminal prefix " + terminalPrefix);
        }
    }

    /** A plan whose DECLINE purchases ask for {@link #DEFAULT_DECLINE_AMOUNT}. */
    public LoadPlan(Dialect dialect, String host, int port, int connections, Duration warmup, Duration duration,
                    double rate, int inFlight, TransactionMix mix, List<CardData> cards, long amount,
                    String terminalPrefix, String merchantId, String merchantName, String currency, Duration timeout) {
        this(dialect, host, port, connections, warmup, duration, rate, inFlight, mix, cards, amount, terminalPrefix,
                merchantId, merchantName, currency, timeout, DEFAULT_DECLINE_AMOUNT);
    }

    /**
     * The pace a {@code --rate} option asks for: 0 (a closed loop) without one; refused with the option's name unless
     * it is positive and at most 10,000,000 requests/s.
     */
    public static double pace(Double rate) {
        if (rate == null) return 0;
        if (!(rate > 0 && rate <= 10_000_000)) throw new IllegalArgumentException("--rate must be a positive number of requests per second, at most 10000000");
        return rate;
    }

    /** Terminal id of connection {@code index} (0-based): prefix then a zero-padded number, 8 characters. */
    public String terminalId(int index) {
        int digits = 8 - terminalPrefix.length();
        String n = Integer.toString(index + 1);
        if (n.length() > digits) throw new IllegalArgumentException("too many connections for terminal prefix " + terminalPrefix);
        return terminalPrefix + "0".repeat(digits - n.length()) + n;
    }
}
