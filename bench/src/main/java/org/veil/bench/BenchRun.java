package org.veil.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.veil.terminal.LoadReport;

/** Everything one scripts/bench run measured: what it ran on, with which settings, and one result per load run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchRun(String started, Machine machine, Settings settings, List<PathRun> runs, FullPathFacts fullPath) {

    public record Machine(int cores, long memoryMb, String java, String os) {
        public static Machine current() {
            long memory = ManagementFactory.getOperatingSystemMXBean()
                    instanceof OperatingSystemMXBean os ? os.getTotalMemorySize() >> 20 : -1;
            return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                    System.getProperty("java.vm.name") + " " + Runtime.version(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        }
    }

    /** {@code rate}: requests per second overall that each load run is paced at, or 0 for a closed loop. */
    public record Settings(List<String> paths, List<String> dialects, List<Integer> connections, int inFlight, double rate,
                           double pathWarmupSeconds, double warmupSeconds, double durationSeconds, int cards, long amount,
                           String mix) {}

    public record Latency(double p50, double p90, double p99, @JsonProperty("p99.9") double p999, double max) {}

    /** A paced run: how late (ms) the load generator sent its requests after they fell due. */
    public record SendLag(double p50, double p99, double max) {}

    /**
     * One load run: a path, a dialect, a connection count. {@code ratio} is to the zero-work host in the same run (closed
     * loop only). {@code behindSchedule}: in a paced run, requests due in the window that the in-flight limit kept unsent;
     * {@code sendLagMs}: in a paced run, how late the generator sent the rest (null in a closed loop).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PathRun(String path, String dialect, int connections, double seconds, long sent, long answers,
                          long approvals, double approvalsPerSecond, Double ratio, Latency latencyMs, long timeouts,
                          long errors, long behindSchedule, SendLag sendLagMs, Map<String, Long> codes, String firstError,
                          Map<String, Double> cpuMicrosPerApproval, Map<String, Map<String, Double>> cpuByThreads) {

        /**
         * {@code cpu}: microseconds of CPU per approval of each process in the measured window; {@code threads}: the same
         * by each process's kind of thread ({@link CpuMeter}).
         */
        public static PathRun of(BenchPath path, LoadReport r, Map<String, Double> cpu, Map<String, Map<String, Double>> threads) {
            return new PathRun(path.key(), r.dialect(), r.connections(), r.seconds(), r.sent(), r.answers(),
                    r.approvals(), r.approvalsPerSecond(), null,
                    new Latency(r.p50(), r.p90(), r.p99(), r.p999(), r.max()), r.timeouts(), r.errors(), r.behindSchedule(),
                    r.targetRate() > 0 ? new SendLag(r.sendLagP50(), r.sendLagP99(), r.sendLagMax()) : null, r.codes(),
                    r.firstError(), cpu.isEmpty() ? null : cpu, threads.isEmpty() ? null : threads);
        }

        /** One process's CPU per approval by kind of thread, or null where it was not measured. */
        public Map<String, Double> cpuByThreads(String process) {
            return cpuByThreads == null ? null : cpuByThreads.get(process);
        }

        /** Answers that were not approvals, timeouts, failures and requests never sent: none in a healthy run. */
        public long failures() {
            return answers - approvals + timeouts + errors + behindSchedule;
        }

        BenchPath benchPath() {
            return BenchPath.parse(path);
        }

        PathRun withRatio(Double r) {
            return new PathRun(path, dialect, connections, seconds, sent, answers, approvals, approvalsPerSecond, r,
                    latencyMs, timeouts, errors, behindSchedule, sendLagMs, codes, firstError, cpuMicrosPerApproval, cpuByThreads);
        }
    }

    /** The full path's own facts: how long its cards took to issue and load, and the ledger audit after the load. */
    public record FullPathFacts(int cards, double issueSeconds, boolean auditOk, List<String> violations) {}

    /**
     * Each run's throughput as a ratio to the zero-work host's with the same dialect and connections (null without one).
     * Bench leaves paced runs without one: they all answer at the pace they are given.
     */
    public static List<PathRun> withRatios(List<PathRun> runs) {
        List<PathRun> out = new ArrayList<>(runs.size());
        for (PathRun r : runs) {
            Double ratio = runs.stream()
                    .filter(z -> z.path().equals(BenchPath.ZERO_WORK.key()) && z.dialect().equals(r.dialect())
                            && z.connections() == r.connections() && z.approvalsPerSecond() > 0)
                    .findFirst().map(z -> r.approvalsPerSecond() / z.approvalsPerSecond()).orElse(null);
            out.add(r.withRatio(ratio));
        }
        return out;
    }
}
