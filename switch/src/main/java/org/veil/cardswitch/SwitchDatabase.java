package org.veil.cardswitch;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
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
            Path file = Path.of(cfg.get("data-dir", "data")).toAbsolutePath().resolve("switch");
            url = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE";
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
