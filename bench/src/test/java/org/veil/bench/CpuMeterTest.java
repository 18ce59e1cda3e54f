package org.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The meter reads real per-process CPU counters: this JVM, made to spin inside the measured window. */
@Timeout(30)
class CpuMeterTest {

    @Test
    void chargesTheWindowsCpuPerApproval() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CpuMeter meter = CpuMeter.start(Map.of("load", ProcessHandle.current()), Duration.ofMillis(50), Duration.ofMillis(2000));
        Thread.sleep(150);
        // Spin inside the window until this thread has used 300 ms of CPU (less if the machine is too busy to give it).
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wallLimit = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (threads.getCurrentThreadCpuTime() - cpu0 < 300_000_000L && System.nanoTime() < wallLimit) Thread.onSpinWait();
        double spentMicros = (threads.getCurrentThreadCpuTime() - cpu0) / 1000.0;
        Map<String, Double> micros = meter.microsPerApproval(1000);
        assertEquals(1, micros.size(), micros.toString());
        // The process used at least what this thread did in the window, and not seconds more (the JIT and GC add a little).
        double load = micros.get("load");
        assertTrue(spentMicros > 0 && load >= spentMicros / 1000 && load < spentMicros / 1000 + 1500, load + " us per approval, the spin " + spentMicros + " us");
    }

    @Test
    void noApprovalsNoFigures() throws Exception {
        CpuMeter meter = CpuMeter.start(Map.of("load", ProcessHandle.current()), Duration.ZERO, Duration.ofMillis(50));
        assertTrue(meter.microsPerApproval(0).isEmpty());
    }
}
