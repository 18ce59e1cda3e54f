package org.veil.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time each process of a path spent in one load run's measured window (after its warm-up), per
 * approval: which of load generator, switch and issuer host the 2 cores go to, and within each, which kind of thread
 * ({@link ThreadCpu}). The kernel's counters (user + system) are read when the window opens and when it closes.
 */
final class CpuMeter {
    private final Map<String, ProcessHandle> processes;
    private final Thread sampler;
    private volatile Sample opened;
    private volatile Sample closed;

    /** Each process's CPU so far, and its threads' by kind (a process missing where it could not be read). */
    private record Sample(Map<String, Duration> total, Map<String, Map<ThreadCpu.Kind, Long>> threadMillis) {}

    private CpuMeter(Map<String, ProcessHandle> processes, Duration warmup, Duration window) {
        this.processes = processes;
        this.sampler = Thread.ofVirtual().name("cpu-meter").start(() -> {
            try {
                Thread.sleep(warmup);
                opened = sample();
                Thread.sleep(window);
                closed = sample();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Starts timing now: the window opens after {@code warmup} and lasts {@code window}, as the load run's do. */
    static CpuMeter start(Map<String, ProcessHandle> processes, Duration warmup, Duration window) {
        return new CpuMeter(Map.copyOf(processes), warmup, window);
    }

    /**
     * Microseconds of CPU per approval for each process, or an empty map when the window
     * was not sampled (no approvals, or a process's counters could not be read).
     */
    Map<String, Double> microsPerApproval(long approvals) throws InterruptedException {
        awaitWindow();
        Sample a = opened;
        Sample b = closed;
        Map<String, Double> out = new LinkedHashMap<>();
        if (approvals <= 0 || a == null || b == null || a.total().size() != processes.size() || b.total().size() != processes.size()) {
            return out;
        }
        for (String name : processes.keySet()) {
            out.put(name, b.total().get(name).minus(a.total().get(name)).toNanos() / 1000.0 / approvals);
        }
        return out;
    }

    /**
     * Microseconds of CPU per approval of each process's kinds of thread ("service", "h2", "gc", "jit"), for the
     * processes whose threads could be read at both ends of the window (none off Linux). Threads that ended within the
     * window are not counted.
     */
    Map<String, Map<String, Double>> threadMicrosPerApproval(long approvals) throws InterruptedException {
        awaitWindow();
        Sample a = opened;
        Sample b = closed;
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        if (approvals <= 0 || a == null || b == null) return out;
        for (String name : processes.keySet()) {
            Map<ThreadCpu.Kind, Long> from = a.threadMillis().get(name);
            Map<ThreadCpu.Kind, Long> to = b.threadMillis().get(name);
            if (from == null || to == null) continue;
            Map<String, Double> kinds = new LinkedHashMap<>();
            for (ThreadCpu.Kind k : ThreadCpu.Kind.values()) kinds.put(k.label(), Math.max(0, to.get(k) - from.get(k)) * 1000.0 / approvals);
            out.put(name, kinds);
        }
        return out;
    }

    private void awaitWindow() throws InterruptedException {
        if (!sampler.join(Duration.ofSeconds(5))) sampler.interrupt();
    }

    private Sample sample() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        Map<String, Map<ThreadCpu.Kind, Long>> threads = new LinkedHashMap<>();
        processes.forEach((name, p) -> {
            p.info().totalCpuDuration().ifPresent(d -> cpu.put(name, d));
            ThreadCpu.millis(p.pid()).ifPresent(m -> threads.put(name, m));
        });
        return new Sample(cpu, threads);
    }
}
