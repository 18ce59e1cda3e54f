package org.veil.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.veil.e2e.AdminClient;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.CardNumbers;
import org.veil.terminal.CardData;

/** The cards a bench run spends: real ones issued and loaded through the admin API, or numbers for a host that checks none. */
final class BenchCards {
    /** PREPAID-USD's BIN: the switch routes it (prefix 9999) to the issuer link. */
    private static final String BIN = "999900";

    record Issued(List<CardData> deck, Duration took) {}

    private BenchCards() {}

    /**
     * Luhn-valid PANs under the prepaid BIN that no issuer has issued: enough for the zero-work host,
     * which approves without looking, and for the switch in front of it, which routes by BIN only.
     */
    static List<CardData> unissued(int count) {
        String expiry = YearMonth.now(ZoneOffset.UTC).plusYears(3).format(DateTimeFormatter.ofPattern("yyMM"));
        List<CardData> deck = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String partial = BIN + String.format("%09d", i);
            deck.add(CardData.keyed(partial + CardNumbers.luhnDigit(partial), expiry));
        }
        return deck;
    }

    /**
     * Issues {@code count} PREPAID-USD cards and loads each with {@code load} minor units, one admin call
     * each, {@code parallel} calls at a time; gives up when the whole takes longer than {@code limit}.
     */
    static Issued issue(AdminClient admin, int count, long load, int parallel, Duration limit) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "bench-issue");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CardData>> cards = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                cards.add(pool.submit(() -> {
                    IssuedCard c = admin.issueCard("PREPAID-USD");
                    admin.load(String.valueOf(c.id()), load, "bench-load-" + c.id());
                    return CardData.keyed(c.pan(), c.expiry());
                }));
            }
            long deadline = t0 + limit.toNanos();
            List<CardData> deck = new ArrayList<>(count);
            for (Future<CardData> f : cards) {
                deck.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return new Issued(deck, Duration.ofNanos(System.nanoTime() - t0));
        } catch (ExecutionException e) {
            throw new IOException("issuing cards failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("issuing " + count + " cards took longer than " + limit.toSeconds() + " s");
        } finally {
            pool.shutdownNow();
        }
    }
}
