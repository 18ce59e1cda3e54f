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
 * closed loop refills as answers come, open loop starts requests on a timer. In open loop each request's
 * latency counts from when the schedule made it due, not from when it was sent: a request held back by a
 * slow answer (the in-flight limit) or by a stall of this process waits in the terminal's queue, and that
 * wait is part of what its customer sees (without it, a pause would hide most of the requests it delays).
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
    private final int index;
    private int inFlight;
    private int nextCard;
    private long started;
    /** Open loop: requests the schedule has made due so far, and how many of them were sent. */
    private long due;
    private long sentOnSchedule;
    private boolean scheduleOver;
    private boolean scheduleReleased;
    private ScheduledFuture<?> ticker;

    LoadWorker(int index, LoadPlan plan, IsoClient client, LoadTally tally, AtomicInteger outstanding,
               long measureFrom, long measureUntil) {
        this.index = index;
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
        // An open loop's schedule counts as outstanding until all that fell due in the run is sent: the drain waits for it.
        if (ratePerNano > 0) outstanding.incrementAndGet();
        client.eventLoop().execute(() -> {
            if (ratePerNano <= 0) {
                fill();
                return;
            }
            long period = Math.max(MIN_TICK_NANOS, (long) (1 / ratePerNano));
            // Each connection ticks at its own offset within the period: together a steady stream, not one burst per period.
            long phase = period * index / plan.connections();
            started = System.nanoTime() + phase;
            ticker = client.eventLoop().scheduleAtFixedRate(this::tick, phase, period, TimeUnit.NANOSECONDS);
        });
    }

    private boolean running() {
        return System.nanoTime() < measureUntil && client.isOpen();
    }

    private void fill() {
        while (inFlight < plan.inFlight() && running()) {
            if (!issueNext(System.nanoTime())) return;
        }
    }

    /**
     * Open loop: what the schedule has made due (up to the end of the run), then send what the in-flight limit allows.
     * After the end nothing more falls due, and what did is still sent as answers free the way (the generator's drain).
     */
    private void tick() {
        if (scheduleOver) return;
        long now = System.nanoTime();
        due = Math.max(due, (long) ((Math.min(now, measureUntil) - started) * ratePerNano));
        if (now >= measureUntil || !client.isOpen()) {
            ticker.cancel(false);
            scheduleOver = true;
        }
        sendDue();
    }

    private void sendDue() {
        while (sentOnSchedule < due && inFlight < plan.inFlight() && client.isOpen()) {
            long dueAt = dueAt(++sentOnSchedule);
            if (dueAt >= measureFrom) tally.sentLate((System.nanoTime() - dueAt) / 1000);
            if (!issueNext(dueAt)) break;
        }
        if (scheduleOver && !scheduleReleased && (sentOnSchedule == due || !client.isOpen())) {
            scheduleReleased = true;
            outstanding.decrementAndGet();
        }
    }

    /** When the n-th request (from 1) of this connection's schedule fell due. */
    private long dueAt(long n) {
        return started + (long) (n / ratePerNano);
    }

    /**
     * When the generator stops waiting: what fell due in the measured window and the in-flight limit still holds back
     * is counted as never sent, and will not be. Runs on this connection's event loop.
     */
    void countNeverSent() {
        for (long n = sentOnSchedule + 1; n <= due; n++) {
            long at = dueAt(n);
            if (at >= measureFrom && at < measureUntil) tally.behindSchedule();
        }
        sentOnSchedule = due;
    }

    /** {@code dueAt}: the nanoTime from which this request's latency counts. */
    private boolean issueNext(long dueAt) {
        LoadKind kind = plan.mix().pick(random);
        CardData card = cards.get(nextCard);
        nextCard = (nextCard + 1) % cards.size();
        ISOMsg request = switch (kind) {
            case PURCHASE, REVERSAL -> factory.purchase(card, plan.amount());
            case DECLINE -> factory.purchase(card, plan.declineAmount());
            case AUTH -> factory.authorization(card, plan.amount());
            case REFUND -> factory.refund(card, plan.amount());
            case LOAD -> factory.load(card, plan.amount());
            case BALANCE -> factory.balance(card);
            case COMPLETION, REVERSAL_0400 -> throw new IllegalStateException(kind.label() + " follows its first message");
        };
        return send(kind, request, kind.merchantSign() * Long.parseLong(request.getString(4)), dueAt);
    }

    /** {@code moves}: what an approval moves at the merchant (signed minor units; 0 for none). */
    private boolean send(LoadKind kind, ISOMsg request, long moves, long t0) {
        if (!client.isOpen()) {
            tally.failed(new java.io.IOException("connection to " + client + " closed"));
            return false;
        }
        inFlight++;
        outstanding.incrementAndGet();
        boolean measured = t0 >= measureFrom && t0 < measureUntil;
        if (measured) tally.sent();
        client.send(request, plan.timeout()).whenComplete((answer, error) -> answered(kind, request, moves, answer, error, t0, measured));
        return true;
    }

    private void answered(LoadKind kind, ISOMsg request, long moves, ISOMsg answer, Throwable error, long t0, boolean measured) {
        long micros = (System.nanoTime() - t0) / 1000;
        inFlight--;
        if (error != null) {
            if (measured) tally.failed(error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error);
            if (moves != 0) tally.inDoubt();
        } else {
            String rc = answer.getString(39);
            if (measured) tally.answered(kind, rc, micros);
            if ("00".equals(rc) || "10".equals(rc)) {
                // a partial approval (10) moved the amount in its field 4, not the one asked for
                long moved = "10".equals(rc) && answer.hasField(4) ? Long.signum(moves) * Long.parseLong(answer.getString(4)) : moves;
                tally.settled(moved);
                followUp(kind, request, answer, moved);
            } else if ("91".equals(rc) && moves != 0) {
                // the issuer may have acted after the switch gave up; the switch reverses that later, on its own time
                tally.inDoubt();
            }
        }
        // Only now: a follow-up sent above is outstanding already, so the generator's drain waits for it too.
        outstanding.decrementAndGet();
        if (ratePerNano > 0) {
            sendDue();
            return;
        }
        // After a failure refill on a later turn of the loop: a failing send may fail again at once.
        if (error != null) client.eventLoop().execute(this::fill);
        else fill();
    }

    /** What a terminal sends next for an approval, whether or not the measured window is still open. */
    private void followUp(LoadKind kind, ISOMsg request, ISOMsg answer, long moved) {
        switch (kind) {
            case AUTH -> {
                long approved = answer.hasField(4) ? Long.parseLong(answer.getString(4)) : plan.amount();
                send(LoadKind.COMPLETION, factory.completion(request, answer, approved), approved, System.nanoTime());
            }
            case REVERSAL -> send(LoadKind.REVERSAL_0400, factory.reversal(request, 0), -moved, System.nanoTime());
            default -> { }
        }
    }
}
