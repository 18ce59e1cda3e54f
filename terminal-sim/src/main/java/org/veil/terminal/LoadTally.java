package org.veil.terminal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counters and the latency histogram of the measured part of a load run, written from any event loop; and,
 * over the whole run (warm-up and drain included), the money the approvals moved at the merchant.
 */
final class LoadTally {
    private static final long MAX_MICROS = 3_600_000_000L;
    private final Histogram latencyMicros = new ConcurrentHistogram(MAX_MICROS, 3);
    /** Open loop: how long after falling due each measured request was sent (this generator's own lateness). */
    private final Histogram sendLagMicros = new ConcurrentHistogram(MAX_MICROS, 3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder answers = new LongAdder();
    private final LongAdder approvals = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder behindSchedule = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final LongAdder merchantNet = new LongAdder();
    private final LongAdder inDoubt = new LongAdder();
    private final Map<LoadKind, Map<String, LongAdder>> codes = new ConcurrentHashMap<>();
    private volatile String firstError;
    private volatile String firstUnexpected;

    void sent() {
        sent.increment();
    }

    /** A measured open-loop request was sent this long after it fell due. */
    void sentLate(long micros) {
        record(sendLagMicros, micros);
    }

    void answered(LoadKind kind, String responseCode, long micros) {
        record(latencyMicros, micros);
        answers.increment();
        String rc = responseCode == null ? "--" : responseCode;
        if (rc.equals("00") || rc.equals("10")) approvals.increment();
        codes.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(rc, c -> new LongAdder()).increment();
        if (!kind.expects(rc)) {
            unexpected.increment();
            if (firstUnexpected == null) firstUnexpected = kind.label() + " answered " + rc + ", expected " + String.join(" or ", kind.expected());
        }
    }

    /** An approval moved this much at the merchant (negative: taken from the merchant); counted for the whole run. */
    void settled(long merchantDelta) {
        merchantNet.add(merchantDelta);
    }

    /** A request that may have moved money got no answer, or 91: whether it moved money is unknown here. */
    void inDoubt() {
        inDoubt.increment();
    }

    void failed(Throwable cause) {
        if (cause instanceof TimeoutException) {
            timeouts.increment();
        } else {
            errors.increment();
            if (firstError == null) firstError = String.valueOf(cause.getMessage());
        }
    }

    void behindSchedule() {
        behindSchedule.increment();
    }

    LoadReport report(LoadPlan plan, double seconds) {
        Map<String, Long> overall = new TreeMap<>();
        Map<String, Map<String, Long>> byKind = new TreeMap<>();
        codes.forEach((kind, perCode) -> perCode.forEach((rc, n) -> {
            overall.merge(rc, n.sum(), Long::sum);
            byKind.computeIfAbsent(kind.label(), k -> new TreeMap<>()).put(rc, n.sum());
        }));
        Histogram h = latencyMicros.copy();
        Histogram lag = sendLagMicros.copy();
        return new LoadReport(plan.dialect().name().toLowerCase(), plan.host(), plan.port(), plan.connections(),
                plan.inFlight(), plan.rate(), plan.mix().toString(), seconds,
                sent.sum(), answers.sum(), approvals.sum(), timeouts.sum(), errors.sum(), behindSchedule.sum(),
                ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), ms(h, 100), overall, byKind, firstError, unexpected.sum(),
                firstUnexpected, merchantNet.sum(), inDoubt.sum(), ms(lag, 50), ms(lag, 99), ms(lag, 100));
    }

    /** Microseconds, clamped to what the histograms hold. */
    private static void record(Histogram h, long micros) {
        h.recordValue(Math.min(Math.max(micros, 0), MAX_MICROS));
    }

    /** A percentile of {@code h} in ms (100: its maximum); 0 when it holds nothing. */
    private static double ms(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) return 0;
        return (percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile)) / 1000.0;
    }
}
