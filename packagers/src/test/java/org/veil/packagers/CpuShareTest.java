package org.veil.packagers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuShareTest {
    private static final List<Integer> TWO = List.of(0, 1);

    @Test
    void halvesOfTwoCpusAreOneEach() {
        assertEquals(List.of(0), CpuShare.choose("1/2", TWO));
        assertEquals(List.of(1), CpuShare.choose("2/2", TWO));
    }

    @Test
    void partsFollowTheAllowedCpusNotTheirNumbers() {
        List<Integer> allowed = List.of(2, 3, 6, 7, 8);
        assertEquals(List.of(2, 3), CpuShare.choose("1/2", allowed));
        assertEquals(List.of(6, 7, 8), CpuShare.choose("2/2", allowed));
        assertEquals(List.of(2, 3, 6, 7, 8), CpuShare.choose("1/1", allowed));
    }

    @Test
    void withFewerCpusThanPartsThePartsShare() {
        assertEquals(List.of(4), CpuShare.choose("1/2", List.of(4)));
        assertEquals(List.of(4), CpuShare.choose("2/2", List.of(4)));
        assertEquals(List.of(1), CpuShare.choose("3/3", TWO));
    }

    @Test
    void aListIsTakenAsWritten() {
        assertEquals(List.of(0, 1, 2, 5), CpuShare.choose("5,0-2", List.of(0, 1, 2, 3, 4, 5)));
    }

    @Test
    void aBadSpecIsOneLineSayingWhatIsWrong() {
        assertEquals("veil.cpus: 'half' is not K/N (say 1/2), a CPU list (say 0-3,8) or all",
                assertThrows(IllegalArgumentException.class, () -> CpuShare.choose("half", TWO)).getMessage());
        assertEquals("veil.cpus: '3/2' needs 1 <= K <= N in K/N",
                assertThrows(IllegalArgumentException.class, () -> CpuShare.choose("3/2", TWO)).getMessage());
        assertEquals("veil.cpus: '0/2' needs 1 <= K <= N in K/N",
                assertThrows(IllegalArgumentException.class, () -> CpuShare.choose("0/2", TWO)).getMessage());
        assertEquals("veil.cpus: CPU 2 is not one this process may use (0-1)",
                assertThrows(IllegalArgumentException.class, () -> CpuShare.choose("1-2", TWO)).getMessage());
        assertEquals("veil.cpus: the range 1-0 runs backwards",
                assertThrows(IllegalArgumentException.class, () -> CpuShare.choose("1-0", TWO)).getMessage());
    }

    @Test
    void cpuListsAreWrittenAsTasksetWritesThem() {
        assertEquals("0-3,8,10-11", CpuShare.describe(List.of(0, 1, 2, 3, 8, 10, 11)));
        assertEquals("1", CpuShare.describe(List.of(1)));
    }

    @Test
    void allOrNothingLeavesTheThreadAlone() {
        assertEquals("threads on every CPU", CpuShare.apply("all"));
        assertEquals("threads on every CPU", CpuShare.apply(" "));
        assertEquals("threads on every CPU", CpuShare.apply(null));
    }

    /** On Linux: a thread pinned by apply, and a thread it starts afterwards, run on the chosen CPUs only. */
    @Test
    void theCallingThreadAndTheThreadsItStartsArePinned() throws Exception {
        var os = CpuShare.Affinity.find();
        assumeTrue(os.isPresent(), "sched_setaffinity is not available here");
        List<Integer> allowed = os.get().get();
        List<Integer> expected = CpuShare.choose("2/2", allowed);
        AtomicReference<String> said = new AtomicReference<>();
        AtomicReference<List<Integer>> pinned = new AtomicReference<>();
        AtomicReference<List<Integer>> child = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            said.set(CpuShare.apply("2/2"));
            pinned.set(os.get().get());
            Thread c = Thread.ofPlatform().start(() -> child.set(os.get().get()));
            try {
                c.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.join();
        assertEquals(expected, pinned.get());
        assertEquals(expected, child.get());
        assertTrue(said.get().startsWith("threads on CPU " + CpuShare.describe(expected) + " (veil.cpus=2/2 of "), said.get());
        assertEquals(allowed, os.get().get(), "the test's own thread keeps its CPUs");
    }
}
