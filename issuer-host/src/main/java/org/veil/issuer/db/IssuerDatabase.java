package org.veil.issuer.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jpos.core.Configuration;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.veil.storage.GroupCommit;
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

    @Override
    protected void startService() throws Exception {
        Configuration c = getConfiguration();
        String url = c.get("url");
        if (url == null || url.isBlank() || url.contains("${")) throw new IllegalStateException("database url not set (veil.db.url)");
        ProductCatalog products = ProductCatalog.load(Path.of(c.get("products"))); // a bad file stops us before the database is touched
        // Keystore and password default to the system properties, for a deploy dir written before they were configurable here.
        String keystore = c.get("keystore", System.getProperty("veil.keystore"));
        if (keystore == null || keystore.isBlank() || keystore.contains("${")) throw new IllegalStateException("keystore not set (veil.keystore)");
        IssuerKeys keys = IssuerKeys.open(Path.of(keystore), c.get("keystore-password", System.getProperty("veil.keystore.password", "")).toCharArray());
        dataSource = open(url, c.get("user", null), c.get("password", null), c.getInt("pool-size", 24), products);
        NameRegistrar.register(REGISTRY_NAME, new Issuer(dataSource, GroupCommit.of(dataSource), products, keys.pans(), keys.cards()));
        NameRegistrar.register("veil.issuer.datasource", (DataSource) dataSource);
    }

    /**
     * The issuer database at {@code url}, pooled, checked for clear card numbers, migrated, with the products stored:
     * what the host runs on, and what a bulk issue run (org.veil.issuer.admin.BulkIssue) writes into.
     */
    public static HikariDataSource open(String url, String user, String password, int poolSize, ProductCatalog products)
            throws SQLException {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("issuer-db");
        hc.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            ClearCardCheck.check(ds, url);
            Flyway.configure().dataSource(ds).locations(ClearCardCheck.MIGRATIONS).load().migrate();
            try (var conn = ds.getConnection()) {
                products.store(conn);
            }
            return ds;
        } catch (SQLException | RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    @Override
    protected void stopService() {
        NameRegistrar.unregister(REGISTRY_NAME);
        NameRegistrar.unregister("veil.issuer.datasource");
        if (dataSource != null) dataSource.close();
    }
}
