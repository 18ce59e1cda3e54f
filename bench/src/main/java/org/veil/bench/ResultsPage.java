package org.veil.bench;

import static org.veil.bench.Svg.esc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.veil.bench.BenchRun.FullPathFacts;
import org.veil.bench.BenchRun.PathRun;

/**
 * A bench run as one self-contained HTML page: throughput per path (bars), latency percentiles per
 * path (lines), and the table. Inline SVG and CSS only, nothing fetched; well-formed XML too.
 */
final class ResultsPage {
    private static final String STYLE = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
            h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
            .charts { display: flex; flex-wrap: wrap; gap: 16px; }
            svg { background: #fff; border: 1px solid #ddd; }
            svg .heading { font-weight: 600; font-size: 13px; }
            svg .axis { font-size: 11px; fill: #555; }
            svg .value { font-size: 11px; fill: #222; }
            svg .ratio { font-size: 10px; fill: #666; }
            svg .grid { stroke: #eee; stroke-width: 1; }
            table { border-collapse: collapse; margin-top: 8px; }
            th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
            th:first-child, td:first-child, td:nth-child(2) { text-align: left; }
            .bad { color: #b00; font-weight: 600; }
            """;

    private ResultsPage() {}

    static void write(BenchRun run, Path file) throws IOException {
        Files.writeString(file, render(run));
    }

    static String render(BenchRun run) {
        List<BenchPath> paths = run.settings().paths().stream().map(BenchPath::parse).toList();
        List<String> dialects = run.settings().dialects();
        List<Integer> connections = run.settings().connections();
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        sb.append("<title>Veil benchmark ").append(esc(run.started())).append("</title>\n");
        sb.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>Veil benchmark, ").append(esc(run.started())).append("</h1>\n");
        sb.append("<p>").append(esc(describe(run))).append("</p>\n");
        if (run.fullPath() != null) sb.append(fullPath(run.fullPath()));
        sb.append("<h2>Throughput per path</h2>\n<p>").append(esc(ResultsTable.load(run.settings())))
                .append(run.settings().rate() > 0 ? " Above each bar: approvals/s.</p>\n"
                        : " Above each bar: approvals/s and its ratio to the zero-work host with the same dialect and connections.</p>\n");
        sb.append("<div class=\"charts\">\n");
        for (String d : dialects) sb.append(ThroughputChart.render(d, paths, connections, run.runs()));
        sb.append("</div>\n<h2>Latency percentiles per path</h2>\n").append(legend(paths)).append("<div class=\"charts\">\n");
        for (String d : dialects) {
            for (int c : connections) sb.append(LatencyChart.render(d, c, paths, run.runs()));
        }
        sb.append("</div>\n<h2>Results</h2>\n").append(table(run.runs()));
        return sb.append("</body>\n</html>\n").toString();
    }

    private static String legend(List<BenchPath> paths) {
        StringBuilder sb = new StringBuilder("<p class=\"legend\">");
        for (BenchPath p : paths) {
            sb.append("<span style=\"color:").append(p.colour()).append("\">\u25a0</span> ").append(esc(p.label())).append(" &#160; ");
        }
        return sb.append("</p>\n").toString();
    }

    private static String describe(BenchRun run) {
        BenchRun.Settings s = run.settings();
        return String.format(Locale.ROOT,
                "%d cores, %s, %s. Each path and dialect warmed up until steady (at most %.0f s), then each load run: %.1f s warm-up, "
                        + "%.1f s measured; %s; %d cards; amount %d minor units.",
                run.machine().cores(), run.machine().java(), run.machine().os(), s.pathWarmupSeconds(), s.warmupSeconds(),
                s.durationSeconds(), s.mix(), s.cards(), s.amount());
    }

    private static String fullPath(FullPathFacts f) {
        return String.format(Locale.ROOT, "<p>Full path: %d cards issued and loaded through the admin API in %.1f s; "
                + "ledger audit after the load: %s.</p>\n", f.cards(), f.issueSeconds(),
                f.auditOk() ? "passed" : "<span class=\"bad\">FAILED " + esc(String.join("; ", f.violations())) + "</span>");
    }

    private static String table(List<PathRun> runs) {
        StringBuilder sb = new StringBuilder("<table>\n<tr><th>path</th><th>dialect</th><th>connections</th>"
                + "<th>approvals/s</th><th>vs zero-work</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th>"
                + "<th>p99.9 ms</th><th>max ms</th><th>errors</th></tr>\n");
        for (PathRun r : runs) {
            BenchRun.Latency l = r.latencyMs();
            sb.append("<tr><td>").append(esc(r.benchPath().label())).append("</td><td>").append(esc(r.dialect()))
                    .append("</td><td>").append(r.connections()).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", r.approvalsPerSecond())).append("</td><td>")
                    .append(ResultsTable.ratio(r.ratio())).append("</td>");
            for (double v : LatencyChart.values(l)) sb.append("<td>").append(ResultsTable.ms(v)).append("</td>");
            sb.append(r.failures() > 0 ? "<td class=\"bad\">" : "<td>").append(r.failures()).append("</td></tr>\n");
        }
        return sb.append("</table>\n").toString();
    }
}
