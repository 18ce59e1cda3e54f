package org.veil.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A JVM's CPU time by what its threads do, from Linux's per-thread counters ({@code /proc/<pid>/task}): where an
 * issuer host's time per approval goes (its own threads, H2's page store, the collector) without a profiler on it.
 * Empty where /proc cannot tell (another OS, or the process has ended).
 */
final class ThreadCpu {
    /** What a thread does, told by its name as Linux keeps it (the first 15 characters). */
    enum Kind {
        /** The service's own threads (links, workers, its redo log, Q2), and the JVM's other few. */
        SERVICE,
        /** H2's page serialization and file writes, and its background writer. */
        H2,
        /** The garbage collector's threads, and the VM thread that runs its pauses. */
        GC,
        /** HotSpot's C1 and C2 compilers. */
        JIT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Linux reports thread CPU in clock ticks of 1/100 s on every common architecture. */
    private static final long MILLIS_PER_TICK = 10;

    private ThreadCpu() {
    }

    static Kind kind(String threadName) {
        if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) return Kind.JIT;
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.equals("VM Thread")) return Kind.GC;
        if (threadName.startsWith("H2-") || threadName.startsWith("MVStore")) return Kind.H2;
        return Kind.SERVICE;
    }

    /** Milliseconds of CPU (user and system) the threads of each kind of {@code pid} have used so far; threads that ended are not counted. */
    static Optional<Map<Kind, Long>> millis(long pid) {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) out.put(k, 0L);
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String name;
                String stat;
                try {
                    name = Files.readString(task.resolve("comm")).trim();
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue; // the thread ended between the listing and the read
                }
                out.merge(kind(name), ticks(stat) * MILLIS_PER_TICK, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /** utime + stime of a {@code /proc/<pid>/task/<tid>/stat} line: after the ")" closing the name, state, 10 fields, then those two. */
    static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
