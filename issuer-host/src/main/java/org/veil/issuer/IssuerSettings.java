package org.veil.issuer;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.veil.issuer.card.IssuerKeys;

/** The veil.* system properties of the issuer host, with the defaults of the shared conventions. */
public final class IssuerSettings {
    private IssuerSettings() {}

    /** Sets every veil.* property the deploy descriptors use that is not already set. */
    public static void applyDefaults() {
        defaultTo("veil.bind", "127.0.0.1");
        defaultTo("veil.data.dir", "data");
        defaultTo("veil.log.dir", "log");
        defaultTo("veil.cfg.dir", "cfg");
        defaultTo("veil.issuer.host", "127.0.0.1");
        defaultTo("veil.issuer.port", "9583");
        defaultTo("veil.admin.port", "8081");
        defaultTo("veil.wallet.port", "8080");
        defaultTo("veil.wallet.session.minutes", "30");
        defaultTo("veil.gateway.port", "8083");
        defaultTo("veil.gateway.order.seconds", "900");
        defaultTo("veil.gateway.push.retry.ms", "1000");
        defaultTo("veil.gateway.push.attempts", "8");
        defaultTo("veil.gateway.confirm.seconds", "120");
        defaultTo("veil.holds.sweep.seconds", "60");
        // H2 refuses implicitly relative paths, so the data dir is made absolute here. WRITE_DELAY > 0 because
        // the redo log (or GroupCommit without it) writes commits in groups, not H2 one chunk per commit;
        // DB_CLOSE_ON_EXIT=FALSE so that at exit the database closes after the redo log's last checkpoint, not before.
        defaultTo("veil.db.url", defaultDbUrl(Path.of(System.getProperty("veil.data.dir"))));
        defaultTo("veil.keystore", Path.of(System.getProperty("veil.cfg.dir"), "keys", "TEST-ONLY-keys.p12").toString());
        defaultTo("veil.keystore.password", "test-only-not-a-secret");
        defaultTo("veil.deploy.dir", Path.of(System.getProperty("veil.cfg.dir"), "issuer", "deploy").toString());
        defaultTo("logback.configurationFile", Path.of(System.getProperty("veil.cfg.dir"), "issuer", "logback.xml").toString());
    }

    /** The issuer's H2 file database in {@code dataDir}: the default of veil.db.url. */
    public static String defaultDbUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("issuer") + ";WRITE_DELAY=500;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE";
    }

    private static void defaultTo(String name, String value) {
        if (System.getProperty(name) == null || System.getProperty(name).isBlank()) System.setProperty(name, value);
    }

    public static String get(String name) {
        return System.getProperty(name);
    }

    /** A whole number of seconds, 1 or more. */
    public static long seconds(String name) {
        String v = System.getProperty(name);
        try {
            long s = Long.parseLong(v.trim());
            if (s >= 1) return s;
        } catch (RuntimeException e) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a whole number of seconds, 1 or more, got '" + v + "'");
    }

    /** A number of minutes above 0 and at most a day; a fraction (0.05: 3 seconds) is for tests. */
    public static double minutes(String name) {
        String v = System.getProperty(name);
        try {
            double m = Double.parseDouble(v.trim());
            if (m * 60_000 >= 1_000 && m <= 24 * 60) return m;
        } catch (RuntimeException e) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a number of minutes, at least 1 second and at most 1440, got '" + v + "'");
    }

    /** The issuer's keys in ${veil.keystore}; a one-line IllegalArgumentException when the file or a key will not do. */
    public static IssuerKeys keys() {
        String file = System.getProperty("veil.keystore");
        try {
            return IssuerKeys.open(Path.of(file), System.getProperty("veil.keystore.password").toCharArray());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("veil.keystore must be a file path, got '" + file + "'");
        }
    }

    public static int port(String name) {
        String v = System.getProperty(name);
        try {
            int p = Integer.parseInt(v.trim());
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be a TCP port (0-65535), got '" + v + "'");
        }
    }
}
