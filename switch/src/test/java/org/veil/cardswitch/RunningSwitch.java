package org.veil.cardswitch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jpos.iso.MUX;
import org.jpos.q2.Q2;
import org.jpos.util.NameRegistrar;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.veil.http.LoopbackPorts;

/**
 * The switch under test, started once per test JVM (Q2 is a singleton) on free loopback ports
 * with a real H2 database in a temporary directory, next to the issuer's stand-in.
 */
final class RunningSwitch implements BeforeAllCallback {
    static final long ISSUER_TIMEOUT_MS = 1000;
    static final long SAF_RETRY_MS = 300;
    static int terminalPort;
    static int vanPort;
    static int controlPort;
    static IssuerStandIn issuer;
    private static Q2 q2;
    private static Path dir;

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        if (q2 != null) return;
        dir = Files.createTempDirectory("veil-switch-test");
        terminalPort = LoopbackPorts.free();
        vanPort = LoopbackPorts.free();
        controlPort = LoopbackPorts.free();
        int issuerPort = LoopbackPorts.free();
        System.setProperty("veil.bind", "127.0.0.1");
        System.setProperty("veil.terminal.port", String.valueOf(terminalPort));
        System.setProperty("veil.van.port", String.valueOf(vanPort));
        System.setProperty("veil.switch.admin.port", String.valueOf(controlPort));
        System.setProperty("veil.issuer.host", "127.0.0.1");
        System.setProperty("veil.issuer.port", String.valueOf(issuerPort));
        System.setProperty("veil.issuer.timeout.ms", String.valueOf(ISSUER_TIMEOUT_MS));
        System.setProperty("veil.saf.retry.ms", String.valueOf(SAF_RETRY_MS));
        System.setProperty("veil.cfg.dir", Path.of("..", "cfg").toAbsolutePath().normalize().toString());
        System.setProperty("veil.data.dir", dir.resolve("data").toString());
        System.setProperty("veil.log.dir", dir.resolve("log").toString());
        issuer = new IssuerStandIn(issuerPort);
        issuer.start();
        q2 = SwitchMain.start();
        long deadline = System.currentTimeMillis() + 20_000;
        if (!q2.ready(20_000) || !SwitchMain.listening("127.0.0.1", terminalPort, deadline)
                || !SwitchMain.listening("127.0.0.1", vanPort, deadline)
                || !SwitchMain.listening("127.0.0.1", controlPort, deadline)) {
            throw new IllegalStateException("switch did not start, see " + dir.resolve("log"));
        }
        awaitLink(true);
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("veil-switch", new Stopper());
    }

    /** Waits until the prepaid issuer link is up (or down). */
    static void awaitLink(boolean up) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            MUX mux = NameRegistrar.getIfExists("mux.prepaid");
            if (mux != null && mux.isConnected() == up) return;
            Thread.sleep(20);
        }
        throw new IllegalStateException("issuer link did not go " + (up ? "up" : "down"));
    }

    /** Stops the switch when the whole test run is over. */
    private static final class Stopper implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws IOException {
            stop();
        }
    }

    private static void stop() throws IOException {
        q2.shutdown(true);
        issuer.close();
        if (Boolean.getBoolean("veil.test.keep")) return; // keep logs and database to look at
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
