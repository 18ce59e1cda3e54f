package org.veil.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.veil.bench.BenchRun.PathRun;

/** The console table of a bench run: one line per path, dialect and connection count. */
final class ResultsTable {
    private static final String ROW = "%-24s %-8s %5s %12s %9s %9s %9s %9s %8s  %s%n";
    /** The order in which a run's processes are shown. */
    private static final List<String> PROCESSES = List.of(Bench.LOAD_GENERATOR, Bench.SWITCH, Bench.ISSUER_HOST, Bench.ZERO_WORK_HOST);

    private ResultsTable() {}

    static String format(BenchRun run) {
        StringBuilder sb = new StringBuilder();
        if (run.settings().rate() > 0) sb.append(load(run.settings())).append('\n');
        sb.append(String.format(Locale.ROOT, ROW, "path", "dialect", "conns", "approvals/s", "vs zero", "p50 ms",
                "p99 ms", "p99.9 ms", "errors", "CPU us/approval"));
        for (PathRun r : run.runs()) {
            sb.append(String.format(Locale.ROOT, ROW, r.benchPath().label(), r.dialect(), r.connections(),
                    String.format(Locale.ROOT, "%.1f", r.approvalsPerSecond()), ratio(r.ratio()),
                    ms(r.latencyMs().p50()), ms(r.latencyMs().p99()), ms(r.latencyMs().p999()), r.failures(),
                    cpu(r.cpuMicrosPerApproval())));
        }
        return sb.toString();
    }

    /** How a paced run's load was made, in one sentence; a closed loop's in another. */
    static String load(BenchRun.Settings s) {
        return s.rate() > 0
                ? String.format(Locale.ROOT, "Paced at %.0f requests/s overall, up to %d in flight per connection; each latency "
                        + "counts from when its request fell due; errors include requests never sent.", s.rate(), s.inFlight())
                : "Closed loop, " + s.inFlight() + (s.inFlight() == 1 ? " request" : " requests") + " in flight per connection.";
    }

    /** Two decimals, three below 0.1 so that a small ratio still tells paths apart. */
    static String ratio(Double ratio) {
        if (ratio == null) return "-";
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.3f" : "%.2f", ratio);
    }

    /** "load 40 switch 190 issuer 420" (microseconds of CPU per approval), or "-" when not measured. */
    static String cpu(Map<String, Double> micros) {
        if (micros == null || micros.isEmpty()) return "-";
        StringBuilder sb = new StringBuilder();
        for (String p : PROCESSES) {
            Double v = micros.get(p);
            if (v != null) sb.append(sb.isEmpty() ? "" : " ").append(p).append(' ').append(Math.round(v));
        }
        return sb.toString();
    }

    /** "service 190 h2 60 gc 35 jit 1" (microseconds of CPU per approval of one process's kinds of thread), or "-". */
    static String threads(Map<String, Double> micros) {
        if (micros == null || micros.isEmpty()) return "-";
        StringBuilder sb = new StringBuilder();
        micros.forEach((kind, v) -> sb.append(sb.isEmpty() ? "" : " ").append(kind).append(' ').append(Math.round(v)));
        return sb.toString();
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
