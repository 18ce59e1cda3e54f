package org.veil.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import org.veil.bench.BenchRun.PathRun;

/**
 * What one {@code scripts/bench --scale} run measured: per card count, the bulk issuance, the database size, the
 * issuer host's startup time and heap, and the full path's load runs; then each count's throughput and p99 as a
 * ratio to the smallest count's. {@code h2CacheMb}: the H2 page cache the issuer's database was given, null for H2's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScaleRun(String started, BenchRun.Machine machine, BenchRun.Settings settings, Integer h2CacheMb,
                       List<Point> points, List<Ratio> ratios) {
    /** The tolerated throughput loss from the smallest card count to a larger one (issue 6: within 15 %). */
    static final double TOLERANCE = 0.15;

    /**
     * One card count. Heap figures are used heap right after a full GC ({@code jcmd <pid> GC.run} then
     * {@code GC.heap_info}), in MiB; {@code startupMs} is from the issuer host's process start to its ready line;
     * {@code loadAverage} the machine's one-minute load average just before the load runs.
     */
    public record Point(int cards, double issueSeconds, double issuedPerSecond, long databaseBytes, long startupMs,
                        double heapMbAfterStart, double rssMbAfterStart, double heapMbAfterLoad, double loadAverage, boolean auditOk,
                        List<String> violations, List<PathRun> runs) {
        PathRun run(int connections) {
            return runs.stream().filter(r -> r.connections() == connections).findFirst().orElse(null);
        }
    }

    /** A larger card count against the smallest, at one connection count: throughput and p99 as ratios (to / from). */
    public record Ratio(int fromCards, int toCards, int connections, double throughput, double p99, boolean withinTolerance) {}

    static List<Ratio> ratios(List<Point> points, List<Integer> connections) {
        List<Ratio> out = new ArrayList<>();
        if (points.size() < 2) return out;
        Point base = points.getFirst();
        for (Point p : points.subList(1, points.size())) {
            for (int c : connections) {
                PathRun from = base.run(c);
                PathRun to = p.run(c);
                if (from == null || to == null || from.approvalsPerSecond() <= 0 || from.latencyMs().p99() <= 0) continue;
                double t = to.approvalsPerSecond() / from.approvalsPerSecond();
                out.add(new Ratio(base.cards(), p.cards(), c, t, to.latencyMs().p99() / from.latencyMs().p99(), t >= 1 - TOLERANCE));
            }
        }
        return out;
    }
}
