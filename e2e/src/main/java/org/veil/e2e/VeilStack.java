package org.veil.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The issuer host and the switch as real processes (one Q2 per JVM), on the ports given,
 * with their data and logs in one directory. Stops, by PID, only what it started.
 */
public final class VeilStack implements AutoCloseable {

    public record Ports(int terminal, int van, int issuerLink, int admin) {
        public static Ports defaults() {
            return new Ports(8583, 8584, 9583, 8081);
        }

        /** Free loopback ports, so tests never clash with a running demo. */
        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort());
        }
    }

    private final Path root;
    private final Path dataDir;
    private final Ports ports;
    private final Map<String, String> extraProperties;
    private final List<String> jvmOptions = new ArrayList<>();
    private Process issuer;
    private Process cardSwitch;

    public VeilStack(Path root, Path dataDir, Ports ports, Map<String, String> extraProperties) {
        this.root = root;
        this.dataDir = dataDir;
        this.ports = ports;
        this.extraProperties = new TreeMap<>(extraProperties);
    }

    /** Extra JVM options for both processes (e.g. a flight recording); {name} becomes the process's name. */
    public VeilStack jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    public Ports ports() {
        return ports;
    }

    public Path dataDir() {
        return dataDir;
    }

    public VeilStack start() throws IOException {
        startIssuer();
        startSwitch();
        return this;
    }

    public void startIssuer() throws IOException {
        issuer = launch("issuer-host", "org.veil.issuer.IssuerHostMain", ports.issuerLink(), ports.admin());
    }

    public void startSwitch() throws IOException {
        cardSwitch = launch("switch", "org.veil.cardswitch.SwitchMain", ports.terminal(), ports.van());
    }

    public void stopIssuer() {
        stop(issuer);
        issuer = null;
    }

    /** kill -9 of the issuer host: no shutdown hook runs, only what reached the OS survives. */
    public void killIssuer() throws InterruptedException {
        if (issuer == null) return;
        issuer.destroyForcibly(); // SIGKILL
        issuer.waitFor(20, TimeUnit.SECONDS);
        issuer = null;
    }

    public void stopSwitch() {
        stop(cardSwitch);
        cardSwitch = null;
    }

    public AdminClient admin() {
        return new AdminClient("http://127.0.0.1:" + ports.admin());
    }

    @Override
    public void close() {
        stopSwitch();
        stopIssuer();
    }

    private Process launch(String name, String mainClass, int... waitPorts) throws IOException {
        for (int p : waitPorts) {
            if (listening(p)) throw new IOException(name + ": port " + p + " is already in use on 127.0.0.1 (is another Veil running?)");
        }
        Path logDir = dataDir.resolve("log");
        Files.createDirectories(logDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Xmx1g");
        jvmOptions.forEach(o -> cmd.add(o.replace("{name}", name)));
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add("-Dveil.cfg.dir=" + root.resolve("cfg"));
        cmd.add("-Dveil.data.dir=" + dataDir);
        cmd.add("-Dveil.log.dir=" + logDir);
        cmd.add("-Dveil.terminal.port=" + ports.terminal());
        cmd.add("-Dveil.van.port=" + ports.van());
        cmd.add("-Dveil.issuer.port=" + ports.issuerLink());
        cmd.add("-Dveil.admin.port=" + ports.admin());
        extraProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add(mainClass);
        Path out = logDir.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread pump = new Thread(() -> pump(p, out, ready), name + "-output");
        pump.setDaemon(true);
        pump.start();
        try {
            if (!ready.await(60, TimeUnit.SECONDS) || !p.isAlive()) {
                p.destroyForcibly();
                throw new IOException(name + " did not become ready in 60 s; its output is in " + out + ":\n" + tail(out));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while starting " + name, e);
        }
        for (int port : waitPorts) awaitListening(name, port, Duration.ofSeconds(30));
        return p;
    }

    private static void pump(Process p, Path out, CountDownLatch ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             var w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                w.write(line);
                w.newLine();
                w.flush();
                if (line.contains(" ready")) ready.countDown();
            }
        } catch (IOException e) {
            // the process went away: nothing more to read
        } finally {
            ready.countDown();
        }
    }

    private static String tail(Path out) {
        try {
            List<String> lines = Files.readAllLines(out);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void stop(Process p) {
        if (p == null || !p.isAlive()) return;
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

    private static void awaitListening(String name, int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (listening(port)) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IOException(name + " is not listening on 127.0.0.1:" + port);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Surefire hides the real class path behind its booter jar; it tells it in a property. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** The repository root: the nearest directory upwards that holds cfg/switch and cfg/issuer. */
    public static Path findRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("cfg/switch")) && Files.isDirectory(p.resolve("cfg/issuer"))) return p;
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find the Veil repository root (a directory with cfg/switch and cfg/issuer)");
    }
}
