package org.veil.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One look at a running JVM by its PID: heap used right after a full GC, open file descriptors, OS threads and
 * resident memory. Why jcmd for the heap: only a heap figure taken right after a full GC says what is live (any
 * other says when the collector last ran), and {@code jcmd <pid> GC.run + GC.heap_info} gets both in one attach with
 * the JDK's own tool; JMX would need a port, and its own threads and sockets, in the very process being counted. The
 * attach costs the process one thread ("Attach Listener") and one socket, once: the first sample already includes
 * them. Descriptors, threads and memory come from /proc (Linux), which costs the process nothing.
 */
public final class ProcessProbe {
    /** Sizes in KiB; -1 where the platform does not tell (no /proc). */
    public record Sample(String label, double atSeconds, long heapKb, long fds, long threads, long rssKb) {}

    private static final Pattern USED = Pattern.compile("\\bused (\\d+)([KMG])\\b");
    private static final long JCMD_SECONDS = 30;

    private ProcessProbe() {}

    public static Sample sample(long pid, String label, double atSeconds) throws IOException {
        long heap = heapUsedKb(jcmd(pid, "GC.run", "GC.heap_info"));
        if (heap < 0) throw new IOException("cannot read the heap of process " + pid + " from jcmd GC.heap_info");
        return new Sample(label, atSeconds, heap, fds(pid), threads(pid), status(pid, "VmRSS:"));
    }

    /** Open file descriptors (sockets included), or -1 without /proc. */
    public static long fds(long pid) {
        Path dir = Path.of("/proc", Long.toString(pid), "fd");
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Live threads of the process, or -1 without /proc. */
    public static long threads(long pid) {
        return status(pid, "Threads:");
    }

    /**
     * Heap used in KiB from GC.heap_info: the sum of the "used NK" of its heap and generation lines (G1 has one,
     * Serial and Parallel one per generation, ZGC one in M), Metaspace and class space left out; -1 if none.
     */
    static long heapUsedKb(String heapInfo) {
        long kb = 0;
        boolean any = false;
        for (String line : heapInfo.split("\\R")) {
            String t = line.strip();
            if (t.startsWith("Metaspace") || t.startsWith("class space")) continue;
            Matcher m = USED.matcher(t);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                kb += switch (m.group(2)) {
                    case "G" -> n * 1024 * 1024;
                    case "M" -> n * 1024;
                    default -> n;
                };
                any = true;
            }
        }
        return any ? kb : -1;
    }

    /** A number from /proc/PID/status ("Threads:", "VmRSS:" in kB), or -1. */
    private static long status(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).replace("kB", "").strip());
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc here, or the process is gone
        }
        return -1;
    }

    /** Runs diagnostic commands in the process through jcmd, in one attach ({@code jcmd PID -f FILE}). */
    private static String jcmd(long pid, String... commands) throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) throw new IOException("no jcmd at " + jcmd + " (a JDK is needed, not a JRE)");
        Path file = Files.createTempFile("veil-jcmd-", ".txt");
        try {
            Files.write(file, List.of(commands));
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "-f", file.toString())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(JCMD_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("jcmd " + pid + " took longer than " + JCMD_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new IOException("jcmd " + pid + " failed: " + text.strip().lines().reduce((a, b) -> b).orElse(""));
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running jcmd", e);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
