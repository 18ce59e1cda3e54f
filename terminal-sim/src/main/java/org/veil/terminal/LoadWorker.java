package org.veil.terminal;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpos.iso.ISOMsg;

/**
 * Drives one connection from its own event loop (so its state needs no lock and nothing blocks):
 * closed loop refills as answers come, open loop starts requests on a timer.
 */
final class LoadWorker {
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LoadPlan plan;
    private final IsoClient client;
    private final RequestFactory factory;
    private final LoadTally tally;
    private final AtomicInteger outstanding;
    private final List<CardData> cards;
    private final SplittableRandom random;
    private final long measureFrom;
    private final long measureUntil;
    private final double ratePerNano;
    private int inFlight;
    private int nextCard;
    private long started;
    private long issuedOnSchedule;
    private ScheduledFuture<?> ticker;

    LoadWorker(int index, LoadPlan plan, IsoClient client, LoadTally tally, AtomicInteger outstanding,
               long measureFrom, long measureUntil) {
        this.plan = plan;
        this.client = client;
        this.factory = new RequestFactory(plan.terminalId(index), plan.merchantId(), plan.merchantName(), plan.currency());
        this.tally = tally;
        this.outstanding = outstanding;
        this.cards = plan.cards();
        this.random = new SplittableRandom(index * 7919L + System.nanoTime());
        this.nextCard = index % cards.size();
        this.measureFrom = measureFrom;
        this.measureUntil = measureUntil;
        this.ratePerNano = plan.rate() / plan.connections() / 1e9;
    }

    void start() {
        client.eventLoop().execute(() -> {
            if (ratePerNano <= 0) {
                fill();
                return;
            }
            long period = Math.max(MIN_TICK_NANOS, (long) (1 / ratePerNano));
            started = System.nanoTime();
            ticker = client.eventLoop().scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
        });
    }

    private boolean running() {
        return System.nanoTime() < measureUntil && client.isOpen();
    }

    private void fill() {
        while (inFlight < plan.inFlight() && running()) {
            if (!issueNext()) return;
        }
    }

    /** Open loop: start what the schedule says is due; what the in-flight limit blocks is counted, not queued. */
    private void tick() {
        long now = System.nanoTime();
        if (!running()) {
            ticker.cancel(false);
            return;
        }
        long due = (long) ((now - started) * ratePerNano) - issuedOnSchedule;
        for (long i = 0; i < due; i++) {
            if (inFlight < plan.inFlight()) {
                if (!issueNext()) break;
            } else if (now >= measureFrom) {
                tally.behindSchedule();
            }
        }
        issuedOnSchedule += Math.max(due, 0);
    }

    private boolean issueNext() {
        LoadKind kind = plan.mix().pick(random);
        CardData card = cards.get(nextCard);
        nextCard = (nextCard + 1) % cards.size();
        ISOMsg request = switch (kind) {
            case PURCHASE -> factory.purchase(card, plan.amount());
            case AUTH -> factory.authorization(card, plan.amount());
            case REFUND -> factory.refund(card, plan.amount());
            case LOAD -> factory.load(card, plan.amount());
            case BALANCE -> factory.balance(card);
            case COMPLETION -> throw new IllegalStateException("a completion follows its auth");
        };
        return send(kind, request);
    }

    private boolean send(LoadKind kind, ISOMsg request) {
        if (!client.isOpen()) {
            tally.failed(new java.io.IOException("connection to " + client + " closed"));
            return false;
        }
        inFlight++;
        outstanding.incrementAndGet();
        long t0 = System.nanoTime();
        boolean measured = t0 >= measureFrom && t0 < measureUntil;
        if (measured) tally.sent();
        client.send(request, plan.timeout()).whenComplete((answer, error) -> answered(kind, request, answer, error, t0, measured));
        return true;
    }

    private void answered(LoadKind kind, ISOMsg request, ISOMsg answer, Throwable error, long t0, boolean measured) {
        long micros = (System.nanoTime() - t0) / 1000;
        inFlight--;
        outstanding.decrementAndGet();
        if (error != null) {
            if (measured) tally.failed(error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error);
        } else {
            String rc = answer.getString(39);
            if (measured) tally.answered(kind, rc, micros);
            if (kind == LoadKind.AUTH && ("00".equals(rc) || "10".equals(rc)) && running()) {
                long approved = answer.hasField(4) ? Long.parseLong(answer.getString(4)) : plan.amount();
                send(LoadKind.COMPLETION, factory.completion(request, answer, approved));
            }
        }
        if (ratePerNano > 0) return;
        // After a failure refill on a later turn of the loop: a failing send may fail again at once.
        if (error != null) client.eventLoop().execute(this::fill);
        else fill();
    }
}
