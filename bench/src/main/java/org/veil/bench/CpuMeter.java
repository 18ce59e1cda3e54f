package org.veil.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time each process of a path spent in one load run's measured window (after its warm-up), per
 * approval: which of load generator, switch and issuer host the 2 cores go to. The kernel's per-process
 * counters (user + system) are read when the window opens and when it closes.
 */
final class CpuMeter {
    private final Map<String, ProcessHandle> processes;
    private final Thread sampler;
    private volatile Map<String, Duration> opened;
    private volatile Map<String, Duration> closed;

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
        if (!sampler.join(Duration.ofSeconds(5))) sampler.interrupt();
        Map<String, Duration> a = opened;
        Map<String, Duration> b = closed;
        Map<String, Double> out = new LinkedHashMap<>();
        if (approvals <= 0 || a == null || b == null || a.size() != processes.size() || b.size() != processes.size()) return out;
        for (String name : processes.keySet()) {
            out.put(name, b.get(name).minus(a.get(name)).toNanos() / 1000.0 / approvals);
        }
        return out;
    }

    private Map<String, Duration> sample() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        processes.forEach((name, p) -> p.info().totalCpuDuration().ifPresent(d -> cpu.put(name, d)));
        return cpu;
    }
}
