package org.veil.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Java main as a child process on this JVM's class path, its output in a log file. Started, it
 * has printed its ready line; closed, it is stopped by its own PID (SIGTERM, then kill after 20 s).
 */
public final class ChildJvm implements AutoCloseable {
    private static final long READY_SECONDS = 60;
    /**
     * A 1 GB heap, and 8-byte object headers (JDK 25, JEP 519) as scripts/lib/common.sh gives every server it starts.
     * A service's own cfg/&lt;service&gt;/jvm.options come after these ({@link JvmOptionsFile}).
     */
    private static final List<String> SERVER_OPTIONS = List.of("-Xmx1g", "-XX:+UseCompactObjectHeaders");

    private final String name;
    private final Process process;
    private final String readyLine;

    private ChildJvm(String name, Process process, String readyLine) {
        this.name = name;
        this.process = process;
        this.readyLine = readyLine;
    }

    public static ChildJvm start(String name, String mainClass, List<String> options, Path workDir, Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        List<String> cmd = javaCommand(mainClass, SERVER_OPTIONS, options);
        Path out = logDir.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, out, ready), name + "-output");
        pump.setDaemon(true);
        pump.start();
        try {
            String line = ready.get(READY_SECONDS, TimeUnit.SECONDS);
            if (line == null || !p.isAlive()) throw new TimeoutException();
            return new ChildJvm(name, p, line);
        } catch (TimeoutException | ExecutionException e) {
            stop(p);
            throw new IOException(name + " did not become ready in " + READY_SECONDS + " s; its output is in " + out
                    + ":\n" + tail(out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(p);
            throw new IOException("interrupted while starting " + name, e);
        }
    }

    /** How a child that was meant to exit did: its exit code and what it printed on each stream. */
    public record Exit(int code, String out, String err) {}

    /**
     * Runs a main that should exit by itself (a bad argument, say) and returns how; one that is still running
     * after the timeout is stopped and reported as an IOException.
     */
    public static Exit run(String mainClass, List<String> options, List<String> args, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        List<String> cmd = javaCommand(mainClass, List.of(), options);
        cmd.addAll(args);
        Path out = Files.createTempFile("veil-child-", ".out");
        Path err = Files.createTempFile("veil-child-", ".err");
        try {
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p);
                throw new IOException(mainClass + " still running after " + timeout.toSeconds() + " s");
            }
            return new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The first line the child printed that says it is ready. */
    public String readyLine() {
        return readyLine;
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook runs, only what reached the OS survives. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stop(process);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    /** This JVM's java running {@code mainClass} on this class path, with {@code jvm} (heap and such) first. */
    private static List<String> javaCommand(String mainClass, List<String> jvm, List<String> options) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvm);
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.addAll(options);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass);
        return cmd;
    }

    /** Surefire hides the real class path behind its booter jar; it tells it in a property. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String tail(Path out) {
        try {
            List<String> lines = Files.readAllLines(out);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void pump(Process p, Path out, CompletableFuture<String> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                w.write(line);
                w.newLine();
                w.flush();
                if (line.contains(" ready")) ready.complete(line);
            }
        } catch (IOException e) {
            // the process went away: nothing more to read
        } finally {
            ready.complete(null);
        }
    }

    private static void stop(Process p) {
        if (!p.isAlive()) return;
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
