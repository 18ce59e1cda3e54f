package org.veil.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/** The MVStore under an embedded H2 database: where writing and compaction are decided. */
final class H2Store {
    private H2Store() {}

    /** The store behind {@code dataSource}, or null when it is not embedded H2 (PostgreSQL). */
    static MVStore of(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (c.isWrapperFor(JdbcConnection.class) && c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local) {
                return local.getDatabase().getStore().getMvStore();
            }
        }
        return null;
    }
}
