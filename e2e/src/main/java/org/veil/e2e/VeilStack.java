package org.veil.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.veil.http.LoopbackPorts;

/**
 * The issuer host and the switch as real processes (one Q2 per JVM), on the ports given,
 * with their data and logs in one directory. Stops, by PID, only what it started.
 */
public final class VeilStack implements AutoCloseable {

    /**
     * {@code switchAdmin} is the switch's control API (veil.switch.admin.port); {@code wallet} the issuer's cardholder API
     * (veil.wallet.port); {@code gateway} the issuer's payment gateway for partner shops (veil.gateway.port);
     * {@code credit} the simulated credit issuer's host link (veil.credit.port).
     */
    public record Ports(int terminal, int van, int issuerLink, int admin, int switchAdmin, int wallet, int gateway, int credit) {
        /** The gateway and the credit issuer on free ports, for callers that do not use them. */
        public Ports(int terminal, int van, int issuerLink, int admin, int switchAdmin, int wallet) {
            this(terminal, van, issuerLink, admin, switchAdmin, wallet, LoopbackPorts.free(), LoopbackPorts.free());
        }

        /** The wallet API on a free port, for callers that do not use it. */
        public Ports(int terminal, int van, int issuerLink, int admin, int switchAdmin) {
            this(terminal, van, issuerLink, admin, switchAdmin, LoopbackPorts.free());
        }

        /** The switch's control API and the wallet API on free ports, for callers that do not use them. */
        public Ports(int terminal, int van, int issuerLink, int admin) {
            this(terminal, van, issuerLink, admin, LoopbackPorts.free(), LoopbackPorts.free());
        }

        public static Ports defaults() {
            return new Ports(8583, 8584, 9583, 8081, 8082, 8080, 8083, 9584);
        }

        /** Free loopback ports, so tests never clash with a running demo. */
        public static Ports free() {
            return new Ports(LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free());
        }
    }

    private final Path root;
    private final Path dataDir;
    private final Ports ports;
    private final Map<String, String> extraProperties;
    private final List<String> jvmOptions = new ArrayList<>();
    private ChildJvm issuer;
    private ChildJvm cardSwitch;
    private ChildJvm creditIssuer;

    public VeilStack(Path root, Path dataDir, Ports ports, Map<String, String> extraProperties) {
        this.root = root;
        this.dataDir = dataDir;
        this.ports = ports;
        this.extraProperties = new TreeMap<>(extraProperties);
    }

    /** A stack (not started) on free loopback ports, its data in a fresh directory under the repository's data/. */
    public static VeilStack scratch(String name, Map<String, String> extraProperties) throws IOException {
        Path root = findRoot();
        Path base = root.resolve("data");
        Files.createDirectories(base);
        return new VeilStack(root, Files.createTempDirectory(base, name + "-"), Ports.free(), extraProperties);
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

    /** Starts all three, or, if one cannot start, stops those that did: a failed start leaves no process behind. */
    public VeilStack start() throws IOException {
        try {
            startIssuer();
            startCreditIssuer();
            startSwitch();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    public void startIssuer() throws IOException {
        issuer = launch("issuer-host", "org.veil.issuer.IssuerHostMain", JvmOptionsFile.read(root.resolve("cfg/issuer/jvm.options")),
                ports.issuerLink(), ports.admin(), ports.wallet(), ports.gateway());
    }

    /** The simulated credit issuer (test cards, prefix 4111110) the switch routes credit-card top-ups to. */
    public void startCreditIssuer() throws IOException {
        creditIssuer = launch("credit-issuer", "org.veil.credit.CreditIssuerMain", List.of(), ports.credit());
    }

    public void stopCreditIssuer() {
        if (creditIssuer != null) creditIssuer.close();
        creditIssuer = null;
    }

    public void startSwitch() throws IOException {
        cardSwitch = launch("switch", "org.veil.cardswitch.SwitchMain", JvmOptionsFile.read(root.resolve("cfg/switch/jvm.options")),
                ports.terminal(), ports.van(), ports.switchAdmin());
    }

    public void stopIssuer() {
        if (issuer != null) issuer.close();
        issuer = null;
    }

    /** kill -9 of the issuer host: no shutdown hook runs, only what reached the OS survives. */
    public void killIssuer() throws InterruptedException {
        if (issuer == null) return;
        issuer.kill();
        issuer = null;
    }

    public void stopSwitch() {
        if (cardSwitch != null) cardSwitch.close();
        cardSwitch = null;
    }

    /** kill -9 of the switch: its journal and store-and-forward queue keep only what reached the OS. */
    public void killSwitch() throws InterruptedException {
        if (cardSwitch == null) return;
        cardSwitch.kill();
        cardSwitch = null;
    }

    /** SIGSTOP of the issuer host: it hangs with its connections open, as a stuck host does. */
    public void pauseIssuer() throws IOException {
        signalIssuer("STOP");
    }

    /** SIGCONT: the paused issuer host carries on with whatever it had read. */
    public void resumeIssuer() throws IOException {
        signalIssuer("CONT");
    }

    private void signalIssuer(String signal) throws IOException {
        if (issuer == null) throw new IllegalStateException("the issuer host is not running");
        try {
            int rc = new ProcessBuilder("kill", "-" + signal, String.valueOf(issuer.pid())).inheritIO().start().waitFor();
            if (rc != 0) throw new IOException("kill -" + signal + " " + issuer.pid() + " exited with " + rc);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling the issuer host", e);
        }
    }

    /** PID of the running issuer host, or -1 when it is not running (for heap and descriptor counts). */
    public long issuerPid() {
        return issuer == null ? -1 : issuer.pid();
    }

    /** PID of the running switch, or -1 when it is not running. */
    public long switchPid() {
        return cardSwitch == null ? -1 : cardSwitch.pid();
    }

    public AdminClient admin() {
        return new AdminClient("http://127.0.0.1:" + ports.admin());
    }

    @Override
    public void close() {
        stopSwitch();
        if (issuer != null) {
            try {
                resumeIssuer(); // a paused process would not act on SIGTERM
            } catch (IOException | RuntimeException e) {
                // stopping it below still ends it, by force if need be
            }
        }
        stopIssuer();
        stopCreditIssuer();
    }

    /** {@code cfgOptions}: the service's own from cfg, before this stack's {@link #jvmOptions} and properties. */
    private ChildJvm launch(String name, String mainClass, List<String> cfgOptions, int... waitPorts) throws IOException {
        for (int p : waitPorts) {
            if (listening(p)) throw new IOException(name + ": port " + p + " is already in use on 127.0.0.1 (is another Veil running?)");
        }
        Path logDir = dataDir.resolve("log");
        List<String> options = new ArrayList<>(cfgOptions);
        jvmOptions.forEach(o -> options.add(o.replace("{name}", name)));
        options.add("-Dveil.cfg.dir=" + root.resolve("cfg"));
        options.add("-Dveil.data.dir=" + dataDir);
        options.add("-Dveil.log.dir=" + logDir);
        options.add("-Dveil.terminal.port=" + ports.terminal());
        options.add("-Dveil.van.port=" + ports.van());
        options.add("-Dveil.issuer.port=" + ports.issuerLink());
        options.add("-Dveil.admin.port=" + ports.admin());
        options.add("-Dveil.switch.admin.port=" + ports.switchAdmin());
        options.add("-Dveil.wallet.port=" + ports.wallet());
        options.add("-Dveil.gateway.port=" + ports.gateway());
        options.add("-Dveil.credit.port=" + ports.credit());
        extraProperties.forEach((k, v) -> options.add("-D" + k + "=" + v));
        ChildJvm child = ChildJvm.start(name, mainClass, options, root, logDir);
        try {
            for (int port : waitPorts) awaitListening(name, port, Duration.ofSeconds(30));
        } catch (IOException e) {
            child.close();
            throw e;
        }
        return child;
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
