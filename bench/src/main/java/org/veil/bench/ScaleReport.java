package org.veil.bench;

import static org.veil.bench.Svg.esc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.veil.bench.BenchRun.PathRun;
import org.veil.bench.ScaleRun.Point;
import org.veil.bench.ScaleRun.Ratio;

/** A scale run as a console table, as JSON, and as a self-contained HTML page (tables only, nothing fetched). */
final class ScaleReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String COST_ROW = "%10s %10s %10s %8s %11s %9s %8s %12s %6s %6s%n";
    private static final String LOAD_ROW = "%6s %10s %6s %12s %9s %9s %9s %8s  %s%n";
    private static final String STYLE = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
            h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
            table { border-collapse: collapse; margin-top: 8px; }
            th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
            .bad { color: #b00; font-weight: 600; }
            """;

    private ScaleReport() {}

    static String table(ScaleRun run) {
        StringBuilder sb = new StringBuilder("H2 page cache of the issuer's database: "
                + (run.h2CacheMb() == null ? "H2's default" : run.h2CacheMb() + " MB") + "\n");
        sb.append(String.format(Locale.ROOT, COST_ROW, "cards", "issue s", "issued/s", "db MB", "startup ms", "heap MB",
                "rss MB", "heap MB end", "load", "audit"));
        for (Point p : run.points()) {
            sb.append(String.format(Locale.ROOT, COST_ROW, p.cards(), f1(p.issueSeconds()), f0(p.issuedPerSecond()),
                    f1(p.databaseBytes() / 1048576.0), p.startupMs(), f1(p.heapMbAfterStart()), f1(p.rssMbAfterStart()),
                    f1(p.heapMbAfterLoad()), f1(p.loadAverage()), p.auditOk() ? "ok" : "FAILED"));
        }
        sb.append('\n').append(String.format(Locale.ROOT, LOAD_ROW, "round", "cards", "conns", "approvals/s", "p50 ms", "p99 ms", "p99.9 ms",
                "errors", "issuer CPU us/approval"));
        for (Point p : run.points()) {
            for (int i = 0; i < p.runs().size(); i++) {
                PathRun r = p.runs().get(i);
                sb.append(String.format(Locale.ROOT, LOAD_ROW, run.round(i), p.cards(), r.connections(), f1(r.approvalsPerSecond()),
                        ResultsTable.ms(r.latencyMs().p50()), ResultsTable.ms(r.latencyMs().p99()),
                        ResultsTable.ms(r.latencyMs().p999()), r.failures(), issuerCpu(r)));
            }
        }
        for (Ratio q : run.ratios()) sb.append('\n').append(ratioLine(q));
        return sb.append('\n').toString();
    }

    /** "255 = service 201 h2 35 gc 19 jit 0": the issuer host's CPU per approval and its kinds of thread; "-" unmeasured. */
    static String issuerCpu(PathRun r) {
        Double total = r.cpuMicrosPerApproval() == null ? null : r.cpuMicrosPerApproval().get(Bench.ISSUER_HOST);
        if (total == null) return "-";
        Map<String, Double> threads = r.cpuByThreads(Bench.ISSUER_HOST);
        return Math.round(total) + (threads == null ? "" : " = " + ResultsTable.threads(threads));
    }

    static String ratioLine(Ratio q) {
        String rounds = q.throughputByRound().size() < 2 ? ""
                : q.throughputByRound().stream().map(t -> String.format(Locale.ROOT, "x%.3f", t))
                        .collect(Collectors.joining(", ", " (median of rounds: ", ")"));
        return String.format(Locale.ROOT, "%d vs %d cards at %d connections: throughput x%.3f%s, p99 x%.3f (%s)", q.toCards(),
                q.fromCards(), q.connections(), q.throughput(), rounds, q.p99(),
                q.withinTolerance() ? "within " + pct() + " %" : "MORE than " + pct() + " % slower");
    }

    static void write(ScaleRun run, Path dir) throws IOException {
        Files.writeString(dir.resolve("results.json"), JSON.writeValueAsString(run) + "\n");
        Files.writeString(dir.resolve("report.html"), page(run));
    }

    static String page(ScaleRun run) {
        BenchRun.Settings s = run.settings();
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        sb.append("<title>Veil scale benchmark ").append(esc(run.started())).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>Veil scale benchmark, ").append(esc(run.started())).append("</h1>\n");
        sb.append("<p>").append(esc(String.format(Locale.ROOT, "%d cores, %s, %s. Full path (terminal-sim, switch, issuer host), "
                        + "%s dialect, a uniformly random card of all issued per request; %d round(s), each loading every card count in turn; per load run %.1f s warm-up, %.1f s measured; "
                        + "%s; amount %d minor units. Cards issued with BulkIssue (the issuer's own issuance and load steps, "
                        + "many cards per transaction). Heap: used heap after a full GC (jcmd GC.run + GC.heap_info); startup: "
                        + "process start to the issuer host's ready line. H2 page cache: %s.", run.machine().cores(), run.machine().java(),
                run.machine().os(), String.join(", ", s.dialects()), run.rounds(), s.warmupSeconds(), s.durationSeconds(), s.mix(), s.amount(),
                run.h2CacheMb() == null ? "H2's default" : run.h2CacheMb() + " MB")))
                .append("</p>\n<h2>Cost per card count</h2>\n<table>\n<tr><th>cards</th><th>issue s</th><th>issued/s</th>"
                        + "<th>database MB</th><th>startup ms</th><th>heap MB after start</th><th>RSS MB after start</th>"
                        + "<th>heap MB after load</th><th>load average</th><th>ledger audit</th></tr>\n");
        for (Point p : run.points()) {
            sb.append("<tr><td>").append(p.cards()).append("</td><td>").append(f1(p.issueSeconds())).append("</td><td>")
                    .append(f0(p.issuedPerSecond())).append("</td><td>").append(f1(p.databaseBytes() / 1048576.0))
                    .append("</td><td>").append(p.startupMs()).append("</td><td>").append(f1(p.heapMbAfterStart()))
                    .append("</td><td>").append(f1(p.rssMbAfterStart())).append("</td><td>").append(f1(p.heapMbAfterLoad()))
                    .append("</td><td>").append(f1(p.loadAverage()))
                    .append(p.auditOk() ? "</td><td>passed" : "</td><td class=\"bad\">FAILED " + esc(String.join("; ", p.violations())))
                    .append("</td></tr>\n");
        }
        sb.append("</table>\n<h2>Full path per card count</h2>\n<table>\n<tr><th>round</th><th>cards</th><th>connections</th>"
                + "<th>approvals/s</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th><th>errors</th>"
                + "<th>issuer CPU µs per approval (by kind of thread)</th></tr>\n");
        for (Point p : run.points()) {
            for (int i = 0; i < p.runs().size(); i++) {
                PathRun r = p.runs().get(i);
                sb.append("<tr><td>").append(run.round(i)).append("</td><td>").append(p.cards()).append("</td><td>")
                        .append(r.connections()).append("</td><td>")
                        .append(f1(r.approvalsPerSecond())).append("</td>");
                for (double v : LatencyChart.values(r.latencyMs())) sb.append("<td>").append(ResultsTable.ms(v)).append("</td>");
                sb.append(r.failures() > 0 ? "<td class=\"bad\">" : "<td>").append(r.failures()).append("</td><td>")
                        .append(esc(issuerCpu(r))).append("</td></tr>\n");
            }
        }
        sb.append("</table>\n");
        if (!run.ratios().isEmpty()) {
            sb.append("<h2>Larger against smallest card count</h2>\n<ul>\n");
            for (Ratio q : run.ratios()) {
                sb.append(q.withinTolerance() ? "<li>" : "<li class=\"bad\">").append(esc(ratioLine(q))).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static String pct() {
        return String.format(Locale.ROOT, "%.0f", ScaleRun.TOLERANCE * 100);
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
