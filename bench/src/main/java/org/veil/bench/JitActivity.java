package org.veil.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * CPU time the JIT compiler threads of some JVMs have used, from Linux's per-thread counters. Under load a fresh
 * switch or issuer host compiles for about half a minute, at a third of a core each: a run measured meanwhile bills
 * the compiler. Empty where /proc cannot tell (another OS), and the warm-up then goes by throughput alone.
 */
final class JitActivity {
    /** Linux reports thread CPU in clock ticks of 1/100 s on every common architecture. */
    private static final long MILLIS_PER_TICK = 10;

    private JitActivity() {
    }

    /** Milliseconds of CPU the compiler threads of these processes have used so far, or empty if unreadable. */
    static OptionalLong compileMillis(Collection<ProcessHandle> processes) {
        long ticks = 0;
        for (ProcessHandle p : processes) {
            OptionalLong t = compileTicks(p.pid());
            if (t.isEmpty()) return OptionalLong.empty();
            ticks += t.getAsLong();
        }
        return OptionalLong.of(ticks * MILLIS_PER_TICK);
    }

    private static OptionalLong compileTicks(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    if (!isCompiler(Files.readString(task.resolve("comm")).trim())) continue;
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue; // the thread ended between the listing and the read
                }
                // After the ")" closing the thread's name: state, then 10 fields, then utime and stime.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(ticks);
    }

    /** HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1", ...; Linux keeps the first 15 characters. */
    static boolean isCompiler(String threadName) {
        return threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre");
    }
}
