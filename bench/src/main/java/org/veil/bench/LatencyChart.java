package org.veil.bench;

import static org.veil.bench.Svg.at;
import static org.veil.bench.Svg.esc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.veil.bench.BenchRun.Latency;
import org.veil.bench.BenchRun.PathRun;

/**
 * The latency distribution of each path for one dialect and connection count: latency at p50, p90,
 * p99, p99.9 and max, on a log scale (the tail spans decades), one line per path, in SVG.
 */
final class LatencyChart {
    static final String[] PERCENTILES = {"p50", "p90", "p99", "p99.9", "max"};
    private static final int WIDTH = 420;
    private static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 24;
    private static final int TOP = 30;
    private static final int BOTTOM = 30;

    private LatencyChart() {}

    static double[] values(Latency l) {
        return new double[] {l.p50(), l.p90(), l.p99(), l.p999(), l.max()};
    }

    static String render(String dialect, int connections, List<BenchPath> paths, List<PathRun> runs) {
        List<PathRun> shown = new ArrayList<>();
        List<BenchPath> shownPaths = new ArrayList<>();
        for (BenchPath p : paths) {
            PathRun r = ThroughputChart.find(runs, p, dialect, connections);
            if (r != null && r.answers() > 0) {
                shown.add(r);
                shownPaths.add(p);
            }
        }
        double min = shown.stream().flatMapToDouble(r -> Arrays.stream(values(r.latencyMs())))
                .filter(v -> v > 0).min().orElse(0.1);
        double max = shown.stream().flatMapToDouble(r -> Arrays.stream(values(r.latencyMs()))).max().orElse(1);
        int lo = (int) Math.floor(Math.log10(min));
        int hi = Math.max(lo + 1, (int) Math.ceil(Math.log10(Math.max(max, min))));
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"latency\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\">\n");
        String heading = dialect.toUpperCase(Locale.ROOT) + ", " + connections + (connections == 1 ? " connection" : " connections");
        sb.append("<title>").append(esc(heading)).append(": latency percentiles per path</title>\n");
        sb.append("<text x=\"").append(LEFT).append("\" y=\"18\" class=\"heading\">").append(esc(heading)).append("</text>\n");
        for (int d = lo; d <= hi; d++) {
            double y = TOP + plotH - plotH * (d - lo) / (hi - lo);
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(at(y)).append("\" y2=\"").append(at(y)).append("\"/>\n");
            sb.append("<text class=\"axis\" text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"").append(at(y + 4))
                    .append("\">").append(Svg.decadeMillis(d)).append("</text>\n");
        }
        double step = plotW / (PERCENTILES.length - 1);
        for (int i = 0; i < PERCENTILES.length; i++) {
            sb.append("<text class=\"axis\" text-anchor=\"middle\" x=\"").append(at(LEFT + i * step)).append("\" y=\"")
                    .append(HEIGHT - 10).append("\">").append(PERCENTILES[i]).append("</text>\n");
        }
        for (int k = 0; k < shown.size(); k++) {
            BenchPath path = shownPaths.get(k);
            double[] v = values(shown.get(k).latencyMs());
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                double clamped = Math.max(v[i], Math.pow(10, lo));
                double y = TOP + plotH - plotH * (Math.log10(clamped) - lo) / (hi - lo);
                double x = LEFT + i * step;
                points.append(i == 0 ? "" : " ").append(at(x)).append(',').append(at(y));
                dots.append("<circle class=\"point\" data-path=\"").append(path.key()).append("\" data-percentile=\"")
                        .append(PERCENTILES[i]).append("\" data-ms=\"").append(String.format(Locale.ROOT, "%.3f", v[i]))
                        .append("\" cx=\"").append(at(x)).append("\" cy=\"").append(at(y)).append("\" r=\"3\" fill=\"")
                        .append(path.colour()).append("\"><title>").append(esc(path.label())).append(' ').append(PERCENTILES[i])
                        .append(": ").append(String.format(Locale.ROOT, "%.3f", v[i])).append(" ms</title></circle>\n");
            }
            sb.append("<polyline class=\"line\" data-path=\"").append(path.key()).append("\" fill=\"none\" stroke=\"")
                    .append(path.colour()).append("\" stroke-width=\"2\" points=\"").append(points).append("\"/>\n");
            sb.append(dots);
        }
        return sb.append("</svg>\n").toString();
    }
}
