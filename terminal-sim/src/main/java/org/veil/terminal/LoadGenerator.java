package org.veil.terminal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs a {@link LoadPlan}: opens the connections, drives them for warm-up + duration, waits for stragglers, reports. */
public final class LoadGenerator {
    private static final long POLL_MILLIS = 20;

    private LoadGenerator() {}

    public static LoadReport run(LoadPlan plan) throws IOException, InterruptedException {
        List<IsoClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < plan.connections(); i++) {
                clients.add(IsoClient.connect(plan.dialect(), plan.host(), plan.port()));
            }
            LoadTally tally = new LoadTally();
            AtomicInteger outstanding = new AtomicInteger();
            long start = System.nanoTime();
            long measureFrom = start + plan.warmup().toNanos();
            long measureUntil = measureFrom + plan.duration().toNanos();
            List<LoadWorker> workers = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                LoadWorker w = new LoadWorker(i, plan, clients.get(i), tally, outstanding, measureFrom, measureUntil);
                workers.add(w);
                w.start();
            }
            sleepUntil(measureUntil);
            // Answers to requests sent before the end still count: wait for them, for the follow-up (completion,
            // reversal) an approval among them sends, and in open loop for what fell due but waited for an answer.
            long drainUntil = System.nanoTime() + 2 * plan.timeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
            while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
                Thread.sleep(POLL_MILLIS);
            }
            for (int i = 0; i < workers.size(); i++) {
                LoadWorker w = workers.get(i);
                clients.get(i).eventLoop().submit(w::countNeverSent).sync();
            }
            return tally.report(plan, plan.duration().toNanos() / 1e9);
        } finally {
            clients.forEach(IsoClient::close);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }
}
