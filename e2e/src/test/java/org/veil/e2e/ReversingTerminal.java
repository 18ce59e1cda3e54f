package org.veil.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * A terminal that buys on one card until told to stop, as a real one must behave when the path
 * breaks: a purchase that gets no answer at all is reversed with an 0420, repeated as 0421 (reconnecting
 * as often as it takes) until it is answered 00 (reversed) or 25 (the purchase never arrived). Returns
 * the sum of what was approved.
 */
final class ReversingTerminal implements Callable<ReversingTerminal.Outcome> {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration GIVE_UP = Duration.ofSeconds(90);

    /** What the terminal saw: approved amount, purchases that got no answer, the last approval's time. */
    record Outcome(long approved, int approvals, int declines, int unanswered, long lastApprovalNanos) {}

    private final Dialect dialect;
    private final int port;
    private final RequestFactory requests;
    private final CardData card;
    private final BooleanSupplier stop;
    private IsoClient client;

    ReversingTerminal(Dialect dialect, int port, RequestFactory requests, CardData card, BooleanSupplier stop) {
        this.dialect = dialect;
        this.port = port;
        this.requests = requests;
        this.card = card;
        this.stop = stop;
    }

    @Override
    public Outcome call() throws Exception {
        long giveUp = System.nanoTime() + GIVE_UP.toNanos();
        long approved = 0;
        int approvals = 0;
        int declines = 0;
        int unanswered = 0;
        long lastApproval = 0;
        try {
            for (int i = 0; !stop.getAsBoolean(); i++) {
                if (System.nanoTime() > giveUp) throw new IllegalStateException("terminal " + requests.terminalId() + " ran too long");
                if (!connect(giveUp)) continue;
                long amount = 100 + i % 50;
                ISOMsg purchase = requests.purchase(card, amount);
                ISOMsg answer = callOrNull(purchase);
                if (answer == null) {
                    unanswered++;
                    reverseUntilAcknowledged(purchase, giveUp);
                } else if ("00".equals(answer.getString(39))) {
                    approved += amount;
                    approvals++;
                    lastApproval = System.nanoTime();
                } else {
                    declines++;
                    Thread.sleep(50); // 91 while a process restarts: do not spin
                }
            }
        } finally {
            if (client != null) client.close();
        }
        return new Outcome(approved, approvals, declines, unanswered, lastApproval);
    }

    /** Connects if need be, retrying while the switch is away; false when no connection could be made yet. */
    private boolean connect(long giveUp) throws InterruptedException {
        if (client != null && client.isOpen()) return true;
        if (System.nanoTime() > giveUp) throw new IllegalStateException("terminal " + requests.terminalId() + " cannot reconnect");
        try {
            client = IsoClient.connect(dialect, "127.0.0.1", port);
            return true;
        } catch (IOException e) {
            client = null;
            Thread.sleep(100);
            return false;
        }
    }

    /** The answer, or null when the connection broke or nothing came in time (the client is dropped). */
    private ISOMsg callOrNull(ISOMsg request) throws InterruptedException {
        try {
            return client.call(request, ANSWER_TIMEOUT);
        } catch (IOException | TimeoutException e) {
            if (client != null) client.close();
            client = null;
            Thread.sleep(100);
            return null;
        }
    }

    private void reverseUntilAcknowledged(ISOMsg purchase, long giveUp) throws InterruptedException {
        ISOMsg advice = requests.reversalAdvice(purchase, 0);
        String last = "no answer";
        while (System.nanoTime() < giveUp) {
            if (!connect(giveUp)) continue;
            ISOMsg answer = callOrNull(advice);
            // 25: the purchase never reached the issuer, so there was nothing to undo; either way the advice is done
            if (answer != null && ("00".equals(answer.getString(39)) || "25".equals(answer.getString(39)))) return;
            if (answer != null) last = answer.getString(0) + " with " + answer.getString(39);
            advice = RequestFactory.repeat(advice);
            Thread.sleep(200);
        }
        throw new IllegalStateException("reversal advice of STAN " + purchase.getString(11) + " never acknowledged (last: " + last + ")");
    }
}
