package org.veil.issuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.jpos.q2.Q2;
import org.veil.http.LoopbackPorts;

/**
 * One issuer host per test JVM (Q2 is a singleton): temp data, log and cfg dirs (a copy of cfg/issuer and the
 * test keys, so Q2 never renames a repo file), free loopback ports, a 1-second hold sweep. Stopped when the JVM ends.
 */
public final class RunningIssuerHost {
    private static RunningIssuerHost instance;

    public final int hostPort;
    public final int adminPort;
    public final int walletPort;
    public final int gatewayPort;
    public final Path root;

    private RunningIssuerHost(int hostPort, int adminPort, int walletPort, int gatewayPort, Path root) {
        this.hostPort = hostPort;
        this.adminPort = adminPort;
        this.walletPort = walletPort;
        this.gatewayPort = gatewayPort;
        this.root = root;
    }

    public static synchronized RunningIssuerHost get() {
        if (instance == null) instance = start();
        return instance;
    }

    private static RunningIssuerHost start() {
        try {
            Path root = Files.createTempDirectory("veil-issuer-test");
            Path cfg = root.resolve("cfg");
            copy(Path.of("..", "cfg", "issuer"), cfg.resolve("issuer"));
            copy(Path.of("..", "cfg", "keys"), cfg.resolve("keys"));
            int hostPort = LoopbackPorts.free();
            int adminPort = LoopbackPorts.free();
            int walletPort = LoopbackPorts.free();
            int gatewayPort = LoopbackPorts.free();
            System.setProperty("veil.cfg.dir", cfg.toString());
            System.setProperty("veil.data.dir", root.resolve("data").toString());
            System.setProperty("veil.log.dir", root.resolve("log").toString());
            System.setProperty("veil.bind", "127.0.0.1");
            System.setProperty("veil.issuer.port", Integer.toString(hostPort));
            System.setProperty("veil.admin.port", Integer.toString(adminPort));
            System.setProperty("veil.wallet.port", Integer.toString(walletPort));
            System.setProperty("veil.gateway.port", Integer.toString(gatewayPort));
            System.setProperty("veil.gateway.push.retry.ms", "300"); // a failed push is retried within the test's patience
            System.setProperty("veil.gateway.confirm.seconds", "2"); // a gateway payment's cardholder confirmation runs out within a test
            System.setProperty("veil.holds.sweep.seconds", "1");
            System.setProperty("veil.smtp.port", Integer.toString(LoopbackPorts.free())); // StatementTest's SMTP server listens there
            // no switch here: credit-card top-ups find nobody listening (never a switch that happens to run on 8584)
            System.setProperty("veil.switch.port", Integer.toString(LoopbackPorts.free()));
            Q2 q2 = IssuerHostMain.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> q2.shutdown(true)));
            return new RunningIssuerHost(hostPort, adminPort, walletPort, gatewayPort, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
