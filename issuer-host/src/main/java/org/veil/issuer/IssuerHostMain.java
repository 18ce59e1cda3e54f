package org.veil.issuer;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.jpos.q2.Q2;
import org.jpos.util.NameRegistrar;
import org.veil.issuer.admin.AdminApi;
import org.veil.issuer.card.ProductCatalog;
import org.veil.issuer.db.ClearCardCheck;
import org.veil.issuer.gateway.GatewayApi;
import org.veil.issuer.wallet.WalletApi;
import org.veil.packagers.CpuShare;
import org.veil.packagers.Q2Runtime;

/**
 * Starts the issuer host: a Q2 over ${veil.cfg.dir}/issuer/deploy (or -Dveil.deploy.dir), prints one ready
 * line, and runs until SIGTERM (Q2's own shutdown hook undeploys the services). A bad setting (a port, a cfg file,
 * the keystore): one line on stderr and exit 2; a failed start, or a database that still holds clear card numbers
 * from an older Veil: one line and exit 1.
 */
public final class IssuerHostMain {
    private static final long START_TIMEOUT_MS = 60_000;

    private IssuerHostMain() {}

    public static void main(String[] args) throws InterruptedException {
        // The admin API's Netty needs no sun.misc.Unsafe; without it, JDK 24+ prints no warning on stderr.
        if (System.getProperty("io.netty.noUnsafe") == null) System.setProperty("io.netty.noUnsafe", "true");
        if (args.length > 0) fail(2, "unexpected argument " + quoted(args[0]) + " (configure with -Dveil.* system properties)");
        String cpus;
        Q2 q2;
        try {
            cpus = CpuShare.apply(System.getProperty(CpuShare.PROPERTY)); // before any thread starts: they inherit it
            q2 = start();
        } catch (IllegalArgumentException e) {
            fail(2, e.getMessage());
            return;
        } catch (IllegalStateException e) {
            fail(1, e.getMessage());
            return;
        }
        System.out.println(readyLine() + ", " + cpus);
        System.out.flush();
        while (q2.running()) Thread.sleep(500);
    }

    /**
     * Starts Q2 and waits until the host link and admin API answer. A bad setting or cfg file is an
     * IllegalArgumentException, found before anything is started or written; a failed start an IllegalStateException.
     */
    public static Q2 start() {
        boolean ownDeployDir = System.getProperty("veil.deploy.dir") != null;
        IssuerSettings.applyDefaults();
        int hostPort = IssuerSettings.port("veil.issuer.port");
        IssuerSettings.port("veil.admin.port");
        IssuerSettings.port("veil.wallet.port");
        IssuerSettings.port("veil.gateway.port");
        IssuerSettings.minutes("veil.wallet.session.minutes");
        IssuerSettings.seconds("veil.holds.sweep.seconds");
        File deploy = new File(IssuerSettings.get("veil.deploy.dir"));
        if (!deploy.isDirectory()) throw new IllegalArgumentException("deploy directory " + deploy + " does not exist (set veil.cfg.dir or veil.deploy.dir)");
        // The shipped descriptors read the products from the cfg dir: check the file before Q2 reports it as a stack trace.
        if (!ownDeployDir) {
            try {
                ProductCatalog.load(Path.of(IssuerSettings.get("veil.cfg.dir"), "issuer", "products.yml"));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        IssuerSettings.keys(); // the database service opens it again; a bad keystore is said here, before Q2 starts
        new File(IssuerSettings.get("veil.log.dir")).mkdirs();
        new File(IssuerSettings.get("veil.data.dir")).mkdirs();
        try {
            ClearCardCheck.check(IssuerSettings.get("veil.db.url"), null, null);
        } catch (SQLException | FlywayException e) {
            throw new IllegalStateException("cannot open the issuer database to check it: " + firstLine(e.getMessage()));
        }
        Q2 q2 = Q2Runtime.start(deploy.getPath(), "--no-scan", "--no-dynamic");
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        // A service whose configuration failed (a bad value in a deploy descriptor) only logs it: said at once, not
        // after waiting for ports that will never listen.
        String problem = Q2Runtime.startProblem(q2, START_TIMEOUT_MS);
        if (problem != null) {
            q2.shutdown(true);
            throw new IllegalStateException("failed to start: " + problem + ", see " + IssuerSettings.get("veil.log.dir") + "/issuer-q2.log");
        }
        if (NameRegistrar.getIfExists(AdminApi.REGISTRY_NAME) == null
                || NameRegistrar.getIfExists(WalletApi.REGISTRY_NAME) == null
                || NameRegistrar.getIfExists(GatewayApi.REGISTRY_NAME) == null
                || !listening(IssuerSettings.get("veil.bind"), hostPort, deadline)) {
            q2.shutdown(true);
            throw new IllegalStateException("failed to start (see " + IssuerSettings.get("veil.log.dir") + "/issuer-q2.log)");
        }
        return q2;
    }

    private static void fail(int status, String line) {
        System.err.println("issuer-host: " + line);
        System.exit(status);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }

    private static String quoted(String arg) {
        return "'" + (arg.length() > 40 ? arg.substring(0, 40) + "..." : arg) + "'";
    }

    public static String readyLine() {
        AdminApi admin = NameRegistrar.getIfExists(AdminApi.REGISTRY_NAME);
        WalletApi wallet = NameRegistrar.getIfExists(WalletApi.REGISTRY_NAME);
        GatewayApi gateway = NameRegistrar.getIfExists(GatewayApi.REGISTRY_NAME);
        String bind = IssuerSettings.get("veil.bind");
        return "veil issuer-host ready: host link " + bind + ":" + IssuerSettings.get("veil.issuer.port")
                + ", admin http://" + bind + ":" + (admin == null ? IssuerSettings.get("veil.admin.port") : admin.port())
                + ", wallet http://" + bind + ":" + (wallet == null ? IssuerSettings.get("veil.wallet.port") : wallet.port())
                + ", gateway http://" + bind + ":" + (gateway == null ? IssuerSettings.get("veil.gateway.port") : gateway.port());
    }

    /** QServer binds on its own thread and only logs a failure: probe the port until it accepts. */
    private static boolean listening(String host, int port, long deadline) {
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
