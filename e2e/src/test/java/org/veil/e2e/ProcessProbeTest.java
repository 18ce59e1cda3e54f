package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.e2e.ProcessProbe.Sample;
import org.veil.e2e.ProcessWatch.Verdict;

/** The soak's probe and verdict on a real process: this test JVM, made to hold sockets and threads and let them go. */
@Timeout(60)
class ProcessProbeTest {
    private static final int HELD = 40;

    @Test
    void readsTheHeapLineOfEachCollector() {
        String g1 = """
                garbage-first heap   total reserved 6172672K, committed 28672K, used 2913K [0x0000000687400000, 0x0000000800000000)
                 region size 4096K, 0 young (0K), 0 survivors (0K)
                 Metaspace       used 1200K, committed 1344K, reserved 1114112K
                """;
        String serial = """
                DefNew     total 116224K, used 100K [0x0000000687400000, 0x000000068f210000, 0x0000000704d50000)
                 eden space 103360K,   0% used [0x0000000687400000, 0x0000000687400000, 0x000000068d8f0000)
                 from space 12864K,   0% used [0x000000068d8f0000, 0x000000068d8f0000, 0x000000068e580000)
                Tenured    total 258048K, used 3054K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
                 the  space 258048K,   1% used [0x0000000704d50000, 0x000000070504b8c0, 0x0000000714950000)
                """;
        String zgc = " ZHeap           used 12M, capacity 64M, max capacity 1024M\n Metaspace       used 900K, committed 1000K\n";
        assertEquals(2913, ProcessProbe.heapUsedKb(g1));
        assertEquals(3154, ProcessProbe.heapUsedKb(serial));
        assertEquals(12 * 1024, ProcessProbe.heapUsedKb(zgc));
        assertEquals(-1, ProcessProbe.heapUsedKb("Could not find any heap information"));
    }

    @Test
    void sampleSeesHeapDescriptorsAndThreadsAndTheVerdictSeesWhatWasHeldAndReleased() throws Exception {
        long pid = ProcessHandle.current().pid();
        ProcessWatch watch = new ProcessWatch("test-jvm", pid, true);
        Sample before = watch.sample("before", 0);
        assertTrue(before.heapKb() > 0 && before.fds() > 0 && before.threads() > 0 && before.rssKb() > 0, before.toString());
        watch.sample("start", 1);

        List<ServerSocket> sockets = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < HELD; i++) sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        for (int i = 0; i < HELD; i++) threads.add(Thread.ofPlatform().start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        Sample end = watch.sample("end", 2);
        // The JVM starts and ends threads of its own (attach listener, pool workers) between samples, so the
        // check allows that many fewer than the test holds; what it still demands is three times the verdict's slack.
        long margin = HELD - ProcessWatch.LeakRule.THREAD_SLACK;
        assertTrue(end.fds() >= before.fds() + margin && end.threads() >= before.threads() + margin, end + " after " + before);

        for (ServerSocket s : sockets) s.close();
        release.countDown();
        for (Thread t : threads) t.join();
        watch.sample("after", 3);

        Verdict v = watch.verdict();
        assertFalse(v.flat(), v.line());
        assertFalse(v.fdsFlat(), v.line());
        assertFalse(v.threadsFlat(), v.line());
        assertTrue(v.released(), v.line());
        assertTrue(v.line().startsWith("test-jvm: GROWING (fds "), v.line());
        assertEquals(List.of("before", "start", "end", "after"), watch.samples().stream().map(Sample::label).toList());
    }
}
