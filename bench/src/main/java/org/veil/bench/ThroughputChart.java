package org.veil.bench;

import static org.veil.bench.Svg.at;
import static org.veil.bench.Svg.compact;
import static org.veil.bench.Svg.esc;

import java.util.List;
import java.util.Locale;
import org.veil.bench.BenchRun.PathRun;

/** Approvals per second of each path, grouped by connection count, for one dialect: a bar chart in SVG. */
final class ThroughputChart {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 340;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 48;
    private static final int BOTTOM = 44;
    private static final int TICKS = 5;

    private ThroughputChart() {}

    static String render(String dialect, List<BenchPath> paths, List<Integer> connections, List<PathRun> runs) {
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double top = Svg.niceCeiling(runs.stream().filter(r -> r.dialect().equals(dialect))
                .mapToDouble(PathRun::approvalsPerSecond).max().orElse(1));
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"throughput\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\">\n");
        sb.append("<title>").append(esc(dialect)).append(": approvals per second by path and connections</title>\n");
        sb.append("<text x=\"").append(LEFT).append("\" y=\"18\" class=\"heading\">")
                .append(esc(dialect.toUpperCase(Locale.ROOT))).append(": approvals/s</text>\n");
        legend(sb, paths);
        for (int i = 0; i <= TICKS; i++) {
            double v = top * i / TICKS;
            double y = TOP + plotH - plotH * i / TICKS;
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(at(y)).append("\" y2=\"").append(at(y)).append("\"/>\n");
            sb.append("<text class=\"axis\" text-anchor=\"end\" x=\"").append(LEFT - 6).append("\" y=\"").append(at(y + 4))
                    .append("\">").append(compact(v)).append("</text>\n");
        }
        double groupW = plotW / Math.max(1, connections.size());
        double barW = groupW * 0.8 / Math.max(1, paths.size());
        for (int g = 0; g < connections.size(); g++) {
            int conns = connections.get(g);
            double groupX = LEFT + g * groupW + groupW * 0.1;
            sb.append("<text class=\"axis\" text-anchor=\"middle\" x=\"").append(at(LEFT + g * groupW + groupW / 2))
                    .append("\" y=\"").append(HEIGHT - BOTTOM + 18).append("\">").append(conns)
                    .append(conns == 1 ? " connection" : " connections").append("</text>\n");
            for (int i = 0; i < paths.size(); i++) {
                BenchPath path = paths.get(i);
                PathRun r = find(runs, path, dialect, conns);
                if (r == null) continue;
                double h = plotH * r.approvalsPerSecond() / top;
                double x = groupX + i * barW;
                double y = TOP + plotH - h;
                sb.append("<rect class=\"bar\" data-path=\"").append(path.key()).append("\" data-dialect=\"")
                        .append(esc(dialect)).append("\" data-connections=\"").append(conns)
                        .append("\" data-approvals-per-second=\"").append(String.format(Locale.ROOT, "%.1f", r.approvalsPerSecond()))
                        .append("\" x=\"").append(at(x + 1)).append("\" y=\"").append(at(y)).append("\" width=\"")
                        .append(at(barW - 2)).append("\" height=\"").append(at(h)).append("\" fill=\"").append(path.colour())
                        .append("\"><title>").append(esc(path.label())).append(", ").append(esc(dialect)).append(", ")
                        .append(conns).append(" connections: ").append(String.format(Locale.ROOT, "%.1f", r.approvalsPerSecond()))
                        .append(" approvals/s");
                if (r.ratio() != null) sb.append(", ").append(ResultsTable.ratio(r.ratio())).append(" of the zero-work host");
                sb.append("</title></rect>\n");
                sb.append("<text class=\"value\" text-anchor=\"middle\" x=\"").append(at(x + barW / 2)).append("\" y=\"")
                        .append(at(y - 16)).append("\">").append(compact(r.approvalsPerSecond())).append("</text>\n");
                if (r.ratio() != null) {
                    sb.append("<text class=\"ratio\" text-anchor=\"middle\" x=\"").append(at(x + barW / 2)).append("\" y=\"")
                            .append(at(y - 4)).append("\">\u00d7").append(ResultsTable.ratio(r.ratio())).append("</text>\n");
                }
            }
        }
        return sb.append("</svg>\n").toString();
    }

    private static void legend(StringBuilder sb, List<BenchPath> paths) {
        double x = LEFT;
        for (BenchPath p : paths) {
            sb.append("<rect class=\"key\" x=\"").append(at(x)).append("\" y=\"26\" width=\"10\" height=\"10\" fill=\"")
                    .append(p.colour()).append("\"/>");
            sb.append("<text class=\"axis\" x=\"").append(at(x + 14)).append("\" y=\"35\">").append(esc(p.label())).append("</text>\n");
            x += 24 + p.label().length() * 6.5;
        }
    }

    static PathRun find(List<PathRun> runs, BenchPath path, String dialect, int connections) {
        return runs.stream().filter(r -> r.path().equals(path.key()) && r.dialect().equals(dialect)
                && r.connections() == connections).findFirst().orElse(null);
    }
}
