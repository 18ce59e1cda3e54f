package org.veil.terminal;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.veil.packagers.ResponseCode;

/**
 * The outcome of a load run: counts, throughput, latency percentiles (ms) and response codes. {@code errors}
 * are connection failures, {@code unexpected} answers whose code its kind does not expect ({@link LoadKind});
 * {@link #failures()} adds the timeouts. {@code merchantNet} is what the approvals of the whole run (warm-up
 * and drain included) moved at the merchant, in minor units; {@code inDoubt} counts money-moving requests
 * that got no answer or a 91 (the issuer may have acted late), so that figure is exact only when it is 0.
 * {@code sendLag*} (ms, open loop only): how long after falling due this generator sent a request. Its latency counts
 * from when it fell due, so a lag that is not small is the generator's own delay (short of CPU, or the in-flight limit)
 * billed to the system under test.
 */
public record LoadReport(String dialect, String host, int port, int connections, int inFlight, double targetRate,
                         String mix, double seconds, long sent, long answers, long approvals, long timeouts,
                         long errors, long behindSchedule, double p50, double p90, double p99, double p999,
                         double max, Map<String, Long> codes, Map<String, Map<String, Long>> codesByKind,
                         String firstError, long unexpected, String firstUnexpected, long merchantNet, long inDoubt,
                         double sendLagP50, double sendLagP99, double sendLagMax) {

    /** Timeouts, connection failures and unexpected response codes. */
    public long failures() {
        return timeouts + errors + unexpected;
    }

    public double answersPerSecond() {
        return seconds <= 0 ? 0 : answers / seconds;
    }

    public double approvalsPerSecond() {
        return seconds <= 0 ? 0 : approvals / seconds;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "load: %s %s:%d, %d connections, %s, mix %s%n", dialect, host, port,
                connections, targetRate > 0 ? String.format(Locale.ROOT, "target %.0f/s (in flight up to %d each)",
                        targetRate, inFlight) : "closed loop, " + inFlight + " in flight each", mix));
        sb.append(String.format(Locale.ROOT, "duration        %.1f s (measured, after warm-up)%n", seconds));
        sb.append(String.format(Locale.ROOT, "requests sent   %d%n", sent));
        sb.append(String.format(Locale.ROOT, "answers         %d%n", answers));
        sb.append(String.format(Locale.ROOT, "throughput      %.1f answers/s, %.1f approvals/s%n",
                answersPerSecond(), approvalsPerSecond()));
        sb.append(String.format(Locale.ROOT, "latency ms      p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%s%n",
                p50, p90, p99, p999, max, targetRate > 0 ? " (from when each request fell due)" : ""));
        if (targetRate > 0) {
            sb.append(String.format(Locale.ROOT, "send lag ms     p50 %.3f  p99 %.3f  max %.3f (how late this generator sent them)%n",
                    sendLagP50, sendLagP99, sendLagMax));
        }
        sb.append("response codes  ").append(codes.isEmpty() ? "none" : codes.entrySet().stream()
                .map(e -> e.getKey() + " " + meaning(e.getKey()) + ": " + e.getValue())
                .collect(Collectors.joining(", "))).append('\n');
        codesByKind.forEach((kind, perCode) -> sb.append(String.format("  %-12s  ", kind)).append(perCode.entrySet()
                .stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "))).append('\n'));
        sb.append(String.format(Locale.ROOT, "errors          %d: %d timeouts, %d connection, %d unexpected codes%s%s%n",
                failures(), timeouts, errors, unexpected, firstError == null ? "" : " (first: " + firstError + ")",
                firstUnexpected == null ? "" : " (first unexpected: " + firstUnexpected + ")"));
        sb.append(String.format(Locale.ROOT, "merchant net    %d minor units from the approvals of the whole run%s%n", merchantNet,
                inDoubt == 0 ? "" : " (" + inDoubt + " money-moving requests unanswered or 91: not exact)"));
        if (behindSchedule > 0) {
            sb.append(String.format(Locale.ROOT, "behind schedule %d requests due in the measured window never sent "
                    + "(in-flight limit reached until the end)%n", behindSchedule));
        }
        return sb.toString();
    }

    public String json() {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "dialect", quote(dialect)).append(',');
        field(sb, "host", quote(host)).append(',');
        field(sb, "port", port).append(',');
        field(sb, "connections", connections).append(',');
        field(sb, "inFlight", inFlight).append(',');
        field(sb, "targetRate", num(targetRate)).append(',');
        field(sb, "mix", quote(mix)).append(',');
        field(sb, "seconds", num(seconds)).append(',');
        field(sb, "sent", sent).append(',');
        field(sb, "answers", answers).append(',');
        field(sb, "approvals", approvals).append(',');
        field(sb, "answersPerSecond", num(answersPerSecond())).append(',');
        field(sb, "approvalsPerSecond", num(approvalsPerSecond())).append(',');
        field(sb, "timeouts", timeouts).append(',');
        field(sb, "errors", errors).append(',');
        field(sb, "unexpected", unexpected).append(',');
        field(sb, "failures", failures()).append(',');
        field(sb, "merchantNet", merchantNet).append(',');
        field(sb, "inDoubt", inDoubt).append(',');
        field(sb, "behindSchedule", behindSchedule).append(',');
        sb.append("\"latencyMs\":{");
        field(sb, "p50", num(p50)).append(',');
        field(sb, "p90", num(p90)).append(',');
        field(sb, "p99", num(p99)).append(',');
        field(sb, "p99.9", num(p999)).append(',');
        field(sb, "max", num(max)).append("},");
        if (targetRate > 0) {
            sb.append("\"sendLagMs\":{");
            field(sb, "p50", num(sendLagP50)).append(',');
            field(sb, "p99", num(sendLagP99)).append(',');
            field(sb, "max", num(sendLagMax)).append("},");
        }
        sb.append("\"codes\":").append(counts(codes)).append(',');
        sb.append("\"codesByKind\":{").append(codesByKind.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + counts(e.getValue())).collect(Collectors.joining(","))).append('}');
        if (firstError != null) sb.append(',').append("\"firstError\":").append(quote(firstError));
        if (firstUnexpected != null) sb.append(',').append("\"firstUnexpected\":").append(quote(firstUnexpected));
        return sb.append("}\n").toString();
    }

    private static String meaning(String code) {
        try {
            return "(" + ResponseCode.fromCode(code).meaning() + ")";
        } catch (IllegalArgumentException e) {
            return "(unknown)";
        }
    }

    private static String counts(Map<String, Long> m) {
        return m.entrySet().stream().map(e -> quote(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static StringBuilder field(StringBuilder sb, String name, Object value) {
        return sb.append(quote(name)).append(':').append(value);
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
