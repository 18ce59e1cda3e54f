package org.veil.issuer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.veil.http.LoopbackPorts;

/**
 * The issuer host as a child JVM (IssuerHostMain on this test's class path) over its own temp root: a copy of
 * cfg/issuer and cfg/keys, data and log dirs, free loopback ports. For tests that must stop it and look at what it
 * left on disk, which the one in-process host of {@link RunningIssuerHost} cannot do.
 */
final class IssuerProcess implements AutoCloseable {
    /** How a child that was meant to exit did. */
    record Exit(int code, String out, String err) {}

    final Path root;
    final int hostPort;
    final int adminPort;
    final int walletPort;
    final int gatewayPort;
    /** More -D settings for the child, e.g. a short wallet session. */
    final List<String> properties = new ArrayList<>();
    private Process process;

    IssuerProcess(Path root) throws IOException {
        this.root = root;
        copy(Path.of("..", "cfg", "issuer"), root.resolve("cfg").resolve("issuer"));
        copy(Path.of("..", "cfg", "keys"), root.resolve("cfg").resolve("keys"));
        this.hostPort = LoopbackPorts.free();
        this.adminPort = LoopbackPorts.free();
        this.walletPort = LoopbackPorts.free();
        this.gatewayPort = LoopbackPorts.free();
    }

    Path dataDir() {
        return root.resolve("data");
    }

    Path logDir() {
        return root.resolve("log");
    }

    /** Starts it and returns once it has printed its ready line (within 60 s). */
    void start() throws IOException, InterruptedException {
        Files.createDirectories(logDir());
        // Its stderr goes with its logs, where a test can read (or scan) it.
        process = new ProcessBuilder(command()).redirectError(logDir().resolve("issuer-host.stderr").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                String line = out.readLine();
                if (line == null || !line.startsWith("veil issuer-host ready")) process.destroy();
            } catch (IOException e) {
                process.destroy();
            }
        });
        reader.join(60_000);
        if (reader.isAlive() || !process.isAlive()) {
            stop();
            throw new IOException("the issuer host did not become ready in 60 s");
        }
    }

    /** Runs it expecting it to exit by itself within 30 s. */
    Exit run() throws IOException, InterruptedException {
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process p = new ProcessBuilder(command()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the issuer host was still running after 30 s");
        }
        return new Exit(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** SIGTERM, as an operator stops it; the database is closed when it has exited. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx256m");
        cmd.add("-Dveil.cfg.dir=" + root.resolve("cfg"));
        cmd.add("-Dveil.data.dir=" + dataDir());
        cmd.add("-Dveil.log.dir=" + logDir());
        cmd.add("-Dveil.bind=127.0.0.1");
        cmd.add("-Dveil.issuer.port=" + hostPort);
        cmd.add("-Dveil.admin.port=" + adminPort);
        cmd.add("-Dveil.wallet.port=" + walletPort);
        cmd.add("-Dveil.gateway.port=" + gatewayPort);
        properties.forEach(p -> cmd.add("-D" + p));
        cmd.add("-cp");
        // Surefire hides the real class path behind its booter jar; it tells it in a property.
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add("org.veil.issuer.IssuerHostMain");
        return cmd;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
