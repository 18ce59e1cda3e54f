package org.veil.issuer.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jpos.core.Configuration;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.veil.storage.DatabaseSetting;
import org.veil.storage.GroupCommit;
import org.veil.storage.KeyFilter;
import org.veil.storage.redo.RedoDataSource;
import org.veil.storage.redo.RedoLog;
import org.veil.issuer.Issuer;
import org.veil.issuer.card.IssuerKeys;
import org.veil.issuer.card.ProductCatalog;

/**
 * Q2 service that opens the issuer database (HikariCP), migrates it (Flyway, classpath db/migration),
 * loads the card products and the issuer's keys (card numbers at rest, PIN and CVV), and registers the wired {@link Issuer} in the NameRegistrar.
 */
public class IssuerDatabase extends QBeanSupport {
    public static final String REGISTRY_NAME = "veil.issuer";
    private HikariDataSource dataSource;
    private RedoLog redo;

    /**
     * Registered instead of the issuer when this service fails to start, so that the services that wait for the issuer
     * (Q2 starts them after this one) fail at once with the reason instead of each waiting out its timeout.
     */
    public record StartFailure(String reason) {}

    @Override
    protected void startService() throws Exception {
        try {
            startIssuer();
        } catch (Exception e) {
            NameRegistrar.register(REGISTRY_NAME, new StartFailure(String.valueOf(e.getMessage())));
            throw e;
        }
    }

    private void startIssuer() throws Exception {
        Configuration c = getConfiguration();
        String url = c.get("url");
        if (url == null || url.isBlank() || url.contains("${")) throw new IllegalStateException("database url not set (veil.db.url)");
        ProductCatalog products = ProductCatalog.load(Path.of(c.get("products"))); // a bad file stops us before the database is touched
        // Keystore and password default to the system properties, for a deploy dir written before they were configurable here.
        String keystore = c.get("keystore", System.getProperty("veil.keystore"));
        if (keystore == null || keystore.isBlank() || keystore.contains("${")) throw new IllegalStateException("keystore not set (veil.keystore)");
        IssuerKeys keys = IssuerKeys.open(Path.of(keystore), c.get("keystore-password", System.getProperty("veil.keystore.password", "")).toCharArray());
        // Settings are read before the database is opened: a bad one stops the start with nothing opened to close.
        RedoSettings redoSettings = redoSettings(c);
        KeyFilter requestKeys = requestKeys(c);
        Opened db = open(url, c.get("user", null), c.get("password", null), c.getInt("pool-size", 24), products, redoSettings);
        dataSource = db.pool();
        redo = db.redo();
        DataSource ds = redo != null ? new RedoDataSource(dataSource, redo) : dataSource;
        NameRegistrar.register(REGISTRY_NAME, new Issuer(ds, GroupCommit.of(ds), products, keys.pans(), keys.cards(),
                requestKeys));
        NameRegistrar.register("veil.issuer.datasource", ds);
    }

    /** How often the redo log checkpoints, and how large a segment may grow before it does sooner. */
    record RedoSettings(long checkpointMillis, long segmentBytes) {}

    /** The redo log's settings (null with redo-log false); a bad value is one line naming its property. */
    static RedoSettings redoSettings(Configuration c) {
        if (!c.getBoolean("redo-log", true)) return null;
        return new RedoSettings(DatabaseSetting.atLeastOne("redo-checkpoint-seconds", c::get, 1) * 1000,
                DatabaseSetting.atLeastOne("redo-segment-mb", c::get, 64) << 20);
    }

    /** The request log's key filter, sized by request-log-expected-keys; a bad size is one line naming the property. */
    static KeyFilter requestKeys(Configuration c) {
        long expected = DatabaseSetting.atLeastOne("request-log-expected-keys", c::get, 10_000_000);
        try {
            return new KeyFilter(expected);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("request-log-expected-keys: " + e.getMessage(), e);
        }
    }

    /** The pool, and the redo log that makes its commits durable (null where the database does that itself). */
    private record Opened(HikariDataSource pool, RedoLog redo) {}

    /**
     * The issuer database at {@code url}, pooled, checked for clear card numbers, migrated, with the products stored:
     * what the host runs on, and what a bulk issue run (org.veil.issuer.admin.BulkIssue) writes into.
     */
    public static HikariDataSource open(String url, String user, String password, int poolSize, ProductCatalog products)
            throws SQLException, IOException {
        return open(url, user, password, poolSize, products, null).pool();
    }

    /**
     * As {@link #open(String, String, String, int, ProductCatalog)}; first, on embedded H2, replays what the redo log of an
     * earlier run holds, and with {@code redo} set, starts logging once migrated.
     */
    private static Opened open(String url, String user, String password, int poolSize, ProductCatalog products,
                               RedoSettings redo) throws SQLException, IOException {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("issuer-db");
        hc.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            RedoLog log = redo == null ? RedoLog.recover(ds, 0, 0) : RedoLog.recover(ds, redo.checkpointMillis(), redo.segmentBytes());
            ClearCardCheck.check(ds, url);
            Flyway.configure().dataSource(ds).locations(ClearCardCheck.MIGRATIONS).load().migrate();
            try (var conn = ds.getConnection()) {
                products.store(conn);
            }
            if (log == null || redo == null) return new Opened(ds, null);
            log.start();
            return new Opened(ds, log);
        } catch (SQLException | IOException | RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    @Override
    protected void stopService() {
        NameRegistrar.unregister(REGISTRY_NAME);
        NameRegistrar.unregister("veil.issuer.datasource");
        try {
            if (redo != null) redo.close();
        } catch (SQLException | IOException e) {
            getLog().error("redo log: last checkpoint failed (the log stays, and is replayed at the next start): " + e);
        }
        if (dataSource != null) dataSource.close();
    }
}
