package org.veil.cardswitch;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.veil.storage.DatabaseSetting;
import org.veil.storage.GroupCommit;

/** The switch's database (journal, store-and-forward queue): pool and schema migrations. */
public class SwitchDatabase extends QBeanSupport {
    static final String NAME = "switch-db";
    private HikariDataSource ds;
    private GroupCommit groupCommit;

    @Override
    protected void initService() throws Exception {
        String url = cfg.get("url", "").trim();
        if (url.isEmpty() || url.startsWith("${")) {
            url = embeddedUrl(Path.of(cfg.get("data-dir", "data")), DatabaseSetting.atLeastOne("cache-kb", cfg::get, 2048));
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(cfg.get("user", "sa"));
        hc.setPassword(cfg.get("password", ""));
        hc.setMaximumPoolSize(cfg.getInt("pool-size", 8));
        hc.setPoolName("switch-db");
        ds = new HikariDataSource(hc);
        Flyway.configure().dataSource(ds).locations("classpath:db/switch").load().migrate();
        groupCommit = GroupCommit.of(ds);
        NameRegistrar.register(NAME, this);
    }

    /**
     * The embedded H2 database in {@code dataDir}, with a page cache of {@code cacheKb}. Journal rows are appended and
     * read back only for a repeat, so a small cache does; every page H2 holds in it is copied at each young collection.
     */
    static String embeddedUrl(Path dataDir, long cacheKb) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("switch") + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + cacheKb;
    }

    @Override
    protected void destroyService() {
        NameRegistrar.unregister(NAME);
        if (ds != null) ds.close();
    }

    DataSource dataSource() {
        return ds;
    }

    /** Waits until what was committed is written out, for rows a promise already made depends on. */
    static GroupCommit durability() {
        SwitchDatabase db = NameRegistrar.getIfExists(NAME);
        if (db == null) throw new IllegalStateException(NAME + " is not deployed");
        return db.groupCommit;
    }

    static DataSource get() {
        SwitchDatabase db = NameRegistrar.getIfExists(NAME);
        if (db == null) throw new IllegalStateException(NAME + " is not deployed");
        return db.dataSource();
    }
}
