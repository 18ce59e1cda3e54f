package org.veil.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.veil.packagers.Dialect;
import org.veil.packagers.ResponseCode;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * Before a path is measured: one purchase must come back approved. A switch whose issuer link is
 * still connecting answers 91, so that (or no connection yet) is retried until the limit.
 */
final class ReadinessProbe {
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);
    private static final long RETRY_MILLIS = 200;

    private ReadinessProbe() {}

    static void await(String what, Dialect dialect, int port, CardData card, long amount, Duration limit)
            throws IOException, InterruptedException {
        RequestFactory requests = new RequestFactory("LTPROBE1", Bench.MERCHANT_ID, Bench.MERCHANT_NAME, Bench.CURRENCY);
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            String rc = null;
            try (IsoClient client = IsoClient.connect(dialect, "127.0.0.1", port)) {
                rc = client.call(requests.purchase(card, amount), ANSWER_WAIT).getString(39);
            } catch (TimeoutException e) {
                last = "no answer within " + ANSWER_WAIT.toSeconds() + " s";
            } catch (IOException e) {
                last = e.getMessage();
            }
            if (ResponseCode.APPROVED.code().equals(rc)) return;
            if (rc != null && !ResponseCode.ISSUER_UNAVAILABLE.code().equals(rc)) {
                throw new IOException(what + " answered " + rc + " (" + meaning(rc) + ") to a probe purchase over "
                        + dialect.name().toLowerCase() + ": it is not ready to be measured");
            }
            if (rc != null) last = "answer 91 (issuer unavailable)";
            Thread.sleep(RETRY_MILLIS);
        }
        throw new IOException(what + " did not approve a probe purchase over " + dialect.name().toLowerCase()
                + " within " + limit.toSeconds() + " s (last: " + last + ")");
    }

    private static String meaning(String rc) {
        try {
            return ResponseCode.fromCode(rc).meaning();
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }
}
