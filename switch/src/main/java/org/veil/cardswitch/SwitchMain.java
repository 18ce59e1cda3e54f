package org.veil.cardswitch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jpos.core.ConfigurationException;
import org.jpos.q2.Q2;
import org.veil.packagers.CpuShare;
import org.veil.packagers.Q2Runtime;

/**
 * Starts the switch: veil.* defaults (the keystore veil.keystore [cfg/keys/TEST-ONLY-keys.p12] with
 * veil.keystore.password [test-only-not-a-secret] among them), then Q2 on the switch's deploy directory, and one ready
 * line on stdout once both edges listen. Q2's shutdown hook stops everything on SIGTERM. A bad setting or
 * cfg file: one line on stderr and exit 2; a failed start: one line and exit 1.
 */
public final class SwitchMain {
    /** Defaults of CONTRACT/conventions; a -D on the command line wins. */
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("veil.bind", "127.0.0.1"),
            Map.entry("veil.data.dir", "data"),
            Map.entry("veil.log.dir", "log"),
            Map.entry("veil.cfg.dir", "cfg"),
            Map.entry("veil.terminal.port", "8583"),
            Map.entry("veil.van.port", "8584"),
            Map.entry("veil.switch.admin.port", "8082"),
            Map.entry("veil.issuer.host", "127.0.0.1"),
            Map.entry("veil.issuer.port", "9583"),
            Map.entry("veil.credit.host", "127.0.0.1"),
            Map.entry("veil.credit.port", "9584"),
            Map.entry("veil.issuer.timeout.ms", "5000"),
            Map.entry("veil.edge.idle.ms", "300000"),
            Map.entry("veil.saf.retry.ms", "10000"));
    private static final long START_TIMEOUT_MS = 30_000;

    private SwitchMain() {}

    public static void main(String[] args) {
        // The control API's Netty needs no sun.misc.Unsafe; without it, JDK 24+ prints no warning on stderr.
        if (System.getProperty("io.netty.noUnsafe") == null) System.setProperty("io.netty.noUnsafe", "true");
        if (args.length > 0) {
            String arg = args[0].length() > 40 ? args[0].substring(0, 40) + "..." : args[0];
            fail(2, "unexpected argument '" + arg + "' (configure with -Dveil.* system properties)");
        }
        String cpus;
        Q2 q2;
        try {
            cpus = CpuShare.apply(System.getProperty(CpuShare.PROPERTY)); // before any thread starts: they inherit it
            q2 = start();
        } catch (IllegalArgumentException e) {
            fail(2, e.getMessage());
            return;
        }
        String bind = System.getProperty("veil.bind");
        int terminal = Integer.parseInt(System.getProperty("veil.terminal.port"));
        int van = Integer.parseInt(System.getProperty("veil.van.port"));
        int control = Integer.parseInt(System.getProperty("veil.switch.admin.port"));
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        // A service whose configuration failed only logs it: said at once, not after waiting for its port.
        String problem = Q2Runtime.startProblem(q2, START_TIMEOUT_MS);
        if (problem != null) {
            q2.shutdown(true);
            fail(1, "failed to start: " + problem + ", see " + System.getProperty("veil.log.dir") + "/switch-q2.log");
        }
        if (!listening(bind, terminal, deadline) || !listening(bind, van, deadline) || !listening(bind, control, deadline)) {
            q2.shutdown(true);
            fail(1, "failed to start: edges " + bind + ":" + terminal + " and " + bind + ":" + van + " or control API "
                    + bind + ":" + control + " not listening (port in use?), see " + System.getProperty("veil.log.dir") + "/switch-q2.log");
        }
        System.out.println("veil switch ready: terminal " + bind + ":" + terminal + ", van " + bind + ":" + van
                + ", issuer links " + System.getProperty("veil.issuer.host") + ":" + System.getProperty("veil.issuer.port")
                + " and " + System.getProperty("veil.issuer2.host") + ":" + System.getProperty("veil.issuer2.port")
                + ", control http://" + bind + ":" + control + ", " + cpus);
        System.out.flush();
    }

    /** Applies the defaults, checks them and the cfg files, and starts Q2 (a singleton per JVM). */
    public static Q2 start() {
        boolean ownDeployDir = System.getProperty("veil.deploy.dir") != null;
        DEFAULTS.forEach(SwitchMain::defaultTo);
        // the second host link reaches the same issuer host unless told otherwise
        defaultTo("veil.issuer2.host", System.getProperty("veil.issuer.host"));
        defaultTo("veil.issuer2.port", System.getProperty("veil.issuer.port"));
        for (String k : new String[] {"veil.terminal.port", "veil.van.port", "veil.switch.admin.port", "veil.issuer.port", "veil.issuer2.port", "veil.credit.port"}) port(k);
        positive("veil.issuer.timeout.ms");
        positive("veil.saf.retry.ms");
        positive("veil.edge.idle.ms");
        String cfgDir = System.getProperty("veil.cfg.dir");
        defaultTo("veil.keystore", Path.of(cfgDir, "keys", "TEST-ONLY-keys.p12").toString());
        defaultTo("veil.keystore.password", "test-only-not-a-secret");
        String deploy = System.getProperty("veil.deploy.dir", Path.of(cfgDir, "switch", "deploy").toString());
        if (!Files.isDirectory(Path.of(deploy))) throw new IllegalArgumentException("deploy directory " + deploy + " not found (set veil.cfg.dir or veil.deploy.dir)");
        if (!ownDeployDir) checkConfigFiles(Path.of(cfgDir, "switch"));
        checkKeystore();
        if (System.getProperty("logback.configurationFile") == null) {
            Path logback = Path.of(cfgDir, "switch", "logback.xml");
            if (Files.isRegularFile(logback)) System.setProperty("logback.configurationFile", logback.toString());
        }
        try {
            Files.createDirectories(Path.of(System.getProperty("veil.log.dir")));
            Files.createDirectories(Path.of(System.getProperty("veil.data.dir")));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create log or data directory: " + e.getMessage());
        }
        return Q2Runtime.start(deploy);
    }

    private static void defaultTo(String key, String value) {
        if (System.getProperty(key) == null || System.getProperty(key).isBlank()) System.setProperty(key, value);
    }

    /**
     * The files the shipped descriptors name, read as the participants will read them: a bad one is one line
     * here, before anything starts, instead of a participant that fails inside Q2 with the reason in its log.
     */
    private static void checkConfigFiles(Path dir) {
        String file = null;
        try {
            file = dir.resolve("mandatory-fields.yml").toString();
            FieldRules.load(file);
            file = dir.resolve("acceptors.yml").toString();
            Acceptors.load(file);
            file = dir.resolve("routes.yml").toString();
            Routes.load(file);
            file = dir.resolve("forced-outcomes.yml").toString();
            ForcedOutcomes.load(file);
            file = dir.resolve("terminal-security.yml").toString();
            TerminalProfiles.load(file);
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + YamlConfig.firstLine(e.getMessage()));
        }
    }

    /** The keystore opens with its password and holds every key the switch uses; one line if not. */
    private static void checkKeystore() {
        SwitchKeystore.open(System.getProperty("veil.keystore"), System.getProperty("veil.keystore.password"));
    }

    static boolean listening(String host, int port, long deadline) {
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private static void port(String key) {
        String v = System.getProperty(key);
        try {
            int p = Integer.parseInt(v);
            if (p >= 1 && p <= 65535) return;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a port number 1..65535, got '" + v + "'");
    }

    private static void positive(String key) {
        String v = System.getProperty(key);
        try {
            if (Long.parseLong(v) > 0) return;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive number of milliseconds, got '" + v + "'");
    }

    private static void fail(int status, String line) {
        System.err.println("switch: " + line);
        System.exit(status);
    }
}
