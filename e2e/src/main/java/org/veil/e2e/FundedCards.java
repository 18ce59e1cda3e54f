package org.veil.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.terminal.CardData;

/** The cards a load run spends: issued and loaded through the admin API, a few calls at a time. */
public final class FundedCards {
    public record Issued(List<CardData> deck, Duration took) {}

    private FundedCards() {}

    /**
     * Issues {@code count} cards of {@code product} and loads each with {@code load} minor units, one admin call
     * each, {@code parallel} calls at a time; gives up when the whole takes longer than {@code limit}.
     */
    public static Issued issue(AdminClient admin, String product, int count, long load, int parallel, Duration limit)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "issue-cards");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CardData>> cards = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                cards.add(pool.submit(() -> {
                    IssuedCard c = admin.issueLoaded(product, load);
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
