package org.veil.issuer;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.jpos.q2.Q2;
import org.jpos.util.NameRegistrar;
import org.veil.issuer.admin.AdminApi;

/**
 * Starts the issuer host: a Q2 over ${veil.cfg.dir}/issuer/deploy (or -Dveil.deploy.dir), prints one ready
 * line, and runs until SIGTERM (Q2's own shutdown hook undeploys the services).
 */
public final class IssuerHostMain {
    private static final long START_TIMEOUT_MS = 60_000;

    private IssuerHostMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) {
            System.out.println("issuer-host: unexpected argument '" + args[0] + "' (configure with -Dveil.* system properties)");
            System.exit(2);
        }
        Q2 q2;
        try {
            q2 = start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.out.println("issuer-host: " + e.getMessage());
            System.exit(e instanceof IllegalArgumentException ? 2 : 1);
            return;
        }
        System.out.println(readyLine());
        System.out.flush();
        while (q2.running()) Thread.sleep(500);
    }

    /** Starts Q2 and waits until the host link and admin API answer; throws with one line when they do not. */
    public static Q2 start() {
        IssuerSettings.applyDefaults();
        int hostPort = IssuerSettings.port("veil.issuer.port");
        IssuerSettings.port("veil.admin.port");
        IssuerSettings.port("veil.holds.sweep.seconds"); // a small non-negative number, same check
        File deploy = new File(IssuerSettings.get("veil.deploy.dir"));
        if (!deploy.isDirectory()) throw new IllegalArgumentException("deploy directory " + deploy + " does not exist (set veil.cfg.dir or veil.deploy.dir)");
        new File(IssuerSettings.get("veil.log.dir")).mkdirs();
        new File(IssuerSettings.get("veil.data.dir")).mkdirs();
        Q2 q2 = new Q2(new String[] {"-d", deploy.getPath(), "--no-scan", "--no-dynamic"});
        q2.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        if (!q2.ready(START_TIMEOUT_MS) || NameRegistrar.getIfExists(AdminApi.REGISTRY_NAME) == null
                || !listening(IssuerSettings.get("veil.bind"), hostPort, deadline)) {
            q2.shutdown(true);
            throw new IllegalStateException("failed to start (see " + IssuerSettings.get("veil.log.dir") + "/issuer-q2.log)");
        }
        return q2;
    }

    public static String readyLine() {
        AdminApi admin = NameRegistrar.getIfExists(AdminApi.REGISTRY_NAME);
        String bind = IssuerSettings.get("veil.bind");
        return "veil issuer-host ready: host link " + bind + ":" + IssuerSettings.get("veil.issuer.port")
                + ", admin http://" + bind + ":" + (admin == null ? IssuerSettings.get("veil.admin.port") : admin.port());
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
