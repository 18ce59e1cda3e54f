package org.veil.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import org.veil.bench.BenchRun.PathRun;

/**
 * What one {@code scripts/bench --scale} run measured: per card count, the bulk issuance, the database size, the
 * issuer host's startup time and heap, and the full path's load runs in each of {@code rounds} rounds; then each count's
 * throughput and p99 as a ratio to the smallest count's in the same round, and the median over the rounds.
 * {@code h2CacheMb}: the H2 page cache the issuer's database was given, null for H2's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScaleRun(String started, BenchRun.Machine machine, BenchRun.Settings settings, Integer h2CacheMb, int rounds,
                       List<Point> points, List<Ratio> ratios) {
    /** The tolerated throughput loss from the smallest card count to a larger one (issue 6: within 15 %). */
    static final double TOLERANCE = 0.15;

    /**
     * One card count. Heap figures are used heap right after a full GC ({@code jcmd <pid> GC.run} then
     * {@code GC.heap_info}), in MiB; {@code startupMs} is from the issuer host's process start to its ready line;
     * {@code loadAverage} the machine's one-minute load average just before the load runs. {@code runs}: round by round,
     * one run per connection count in each.
     */
    public record Point(int cards, double issueSeconds, double issuedPerSecond, long databaseBytes, long startupMs,
                        double heapMbAfterStart, double rssMbAfterStart, double heapMbAfterLoad, double loadAverage, boolean auditOk,
                        List<String> violations, List<PathRun> runs) {
        /** The runs at this connection count, one per round, in round order. */
        List<PathRun> runs(int connections) {
            return runs.stream().filter(r -> r.connections() == connections).toList();
        }
    }

    /**
     * A larger card count against the smallest, at one connection count: throughput and p99 as ratios (to / from), each
     * the median of the rounds' ratios ({@code throughputByRound}: each round's, in order); judged by the median.
     */
    public record Ratio(int fromCards, int toCards, int connections, double throughput, double p99, boolean withinTolerance,
                        List<Double> throughputByRound) {}

    static List<Ratio> ratios(List<Point> points, List<Integer> connections) {
        List<Ratio> out = new ArrayList<>();
        if (points.size() < 2) return out;
        Point base = points.getFirst();
        for (Point p : points.subList(1, points.size())) {
            for (int c : connections) {
                List<PathRun> from = base.runs(c);
                List<PathRun> to = p.runs(c);
                List<Double> throughput = new ArrayList<>();
                List<Double> p99 = new ArrayList<>();
                // Runs of the same round are compared: they ran minutes apart, in the same spell of the machine.
                for (int i = 0; i < Math.min(from.size(), to.size()); i++) {
                    PathRun a = from.get(i);
                    PathRun b = to.get(i);
                    if (a.approvalsPerSecond() <= 0 || a.latencyMs().p99() <= 0) continue;
                    throughput.add(b.approvalsPerSecond() / a.approvalsPerSecond());
                    p99.add(b.latencyMs().p99() / a.latencyMs().p99());
                }
                if (throughput.isEmpty()) continue;
                double t = median(throughput);
                out.add(new Ratio(base.cards(), p.cards(), c, t, median(p99), t >= 1 - TOLERANCE, List.copyOf(throughput)));
            }
        }
        return out;
    }

    /** The round (from 1) of a count's run at {@code index} in {@link Point#runs}: each round has one run per connection count. */
    int round(int index) {
        return index / settings.connections().size() + 1;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
