package org.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.veil.bench.ThreadCpu.Kind;

class ThreadCpuTest {
    /** Names as Linux keeps them: HotSpot's, H2 2.4's, Veil's and Q2's, cut at 15 characters. */
    @ParameterizedTest
    @CsvSource({
            "C2 CompilerThre, JIT", "C1 CompilerThre, JIT",
            "GC Thread#0, GC", "G1 Conc#0, GC", "G1 Refine#0, GC", "G1 Main Marker, GC", "G1 Service, GC", "VM Thread, GC",
            "H2-serializatio, H2", "H2-save, H2", "MVStore backgro, H2",
            "issuer-worker-1, SERVICE", "redo-checkpoint, SERVICE", "Q2-4d3cd620-578, SERVICE", "java, SERVICE",
            "VM Periodic Tas, SERVICE"
    })
    void threadsAreToldApartByName(String name, Kind kind) {
        assertEquals(kind, ThreadCpu.kind(name));
    }

    @Test
    void ticksAreUserPlusSystemTimeEvenWhenTheNameHoldsSpacesAndParentheses() {
        String stat = "4242 (x) (C2 Compiler) S 4200 4200 4200 0 -1 1077936192 6120 0 0 0 731 45 0 0 20 0 1 0 9153 0 0";
        assertEquals(776, ThreadCpu.ticks(stat));
    }

    @Test
    void thisThreadsWorkIsCountedAsTheServicesAndOnlyGrows() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        long pid = ProcessHandle.current().pid();
        Map<Kind, Long> before = ThreadCpu.millis(pid).orElseThrow();
        long spent = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long sum = 0;
        while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - spent < 300_000_000L) sum += Long.toString(sum).hashCode();
        Map<Kind, Long> after = ThreadCpu.millis(pid).orElseThrow();
        assertEquals(before.keySet(), after.keySet());
        for (Kind k : Kind.values()) assertTrue(after.get(k) >= before.get(k), k + ": " + before + " then " + after);
        // 300 ms of this thread's CPU, counted in 10 ms ticks: at least 200 ms of it shows, and under SERVICE.
        assertTrue(after.get(Kind.SERVICE) - before.get(Kind.SERVICE) >= 200, before + " then " + after + " (" + sum + ")");
    }

    @Test
    void aProcessThatHasEndedCannotBeRead() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux only");
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        p.onExit().get();
        assertTrue(ThreadCpu.millis(p.pid()).isEmpty());
    }
}
