package org.veil.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.LoadKind;
import org.veil.terminal.LoadPlan;
import org.veil.terminal.TransactionMix;

/** What a soak does: a steady open-loop rate from many connections for a while, sampling the processes as it goes. */
public record SoakSettings(Dialect dialect, int connections, double rate, Duration duration, Duration warmup, int cards,
                           long amount, TransactionMix mix, Duration sampleEvery, Duration timeout) {
    public static final String DEFAULT_MIX = "purchase=40,auth=15,reversal=10,balance=25,decline=10";
    /** Each card's load: below PREPAID-USD's max balance (1000000), so a refund or load in a mix still fits. */
    public static final long CARD_LOAD = 900_000;
    /** The cards must hold this many times what the run could spend at most. */
    static final int FUNDING_MARGIN = 2;
    static final String TERMINAL_PREFIX = "LT";
    static final String MERCHANT_ID = "LOADTEST0000001";
    static final String MERCHANT_NAME = "Veil Load Test";

    public SoakSettings {
        if (dialect == Dialect.HOST) throw new IllegalArgumentException("--dialect must be terminal or van");
        if (connections < 1 || connections > 999_999) throw new IllegalArgumentException("--connections must be 1 to 999999");
        if (!(rate > 0)) throw new IllegalArgumentException("--rate must be positive (a soak runs at a steady rate)");
        if (duration.toMillis() < 10_000) throw new IllegalArgumentException("--duration must be at least 10s");
        if (warmup.isNegative()) throw new IllegalArgumentException("--warmup must not be negative");
        if (cards < 1) throw new IllegalArgumentException("--cards must be at least 1");
        if (amount < 1 || amount > 500_000) throw new IllegalArgumentException("--amount must be 1 to 500000 minor units (the max transaction)");
        if (sampleEvery.toMillis() < 1000) throw new IllegalArgumentException("--sample-every must be at least 1s");
        if (timeout.toMillis() < 100) throw new IllegalArgumentException("--timeout must be at least 100ms");
        double spend = spendAtMost(rate, duration.plus(warmup), amount, mix);
        long funds = cards * CARD_LOAD;
        if (funds < FUNDING_MARGIN * spend) {
            long needed = (long) Math.ceil(FUNDING_MARGIN * spend / CARD_LOAD);
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%d cards of %d minor units cannot fund %.0f/s x %d s x %d "
                    + "with a x%d margin: use --cards %d or more, or a lower --amount or --rate", cards, CARD_LOAD, rate,
                    duration.plus(warmup).toSeconds(), amount, FUNDING_MARGIN, needed));
        }
    }

    /** The most the run's card debits can take: every purchase, auth and reversal's purchase at the amount. */
    static double spendAtMost(double rate, Duration time, long amount, TransactionMix mix) {
        return rate * time.toMillis() / 1000.0 * amount * mix.share(Set.of(LoadKind.PURCHASE, LoadKind.AUTH, LoadKind.REVERSAL));
    }

    LoadPlan plan(int port, List<CardData> deck) {
        // in flight per connection: two timeouts' worth at this rate (a stall shows as timeouts, not as unsent requests)
        int inFlight = (int) Math.max(8, Math.ceil(rate / connections * timeout.toMillis() / 1000.0 * 2));
        return new LoadPlan(dialect, "127.0.0.1", port, connections, warmup, duration, rate, inFlight, mix, deck, amount,
                TERMINAL_PREFIX, MERCHANT_ID, MERCHANT_NAME, "840", timeout);
    }

    String describe() {
        return String.format(Locale.ROOT, "%s at %.0f/s from %d %s connections, mix %s, amount %d, after %s warm-up",
                human(duration), rate, connections, dialect.name().toLowerCase(Locale.ROOT), mix, amount, human(warmup));
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? s / 60 + " min" : d.toMillis() % 1000 == 0 ? s + " s" : d.toMillis() + " ms";
    }
}
