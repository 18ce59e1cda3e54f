package org.veil.issuer.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Refuses a database from before card numbers were encrypted (schema version 1) that still holds cards: their
 * clear numbers cannot be encrypted in SQL, and dropping them would lose the cards. An empty one migrates.
 */
public final class ClearCardCheck {
    static final String MIGRATIONS = "classpath:db/migration";
    private static final MigrationVersion FIRST_ENCRYPTED = MigrationVersion.fromVersion("2");

    private ClearCardCheck() {}

    /** Opens the database at {@code url} only when it exists already (a new H2 file is not made here), then checks it. */
    public static void check(String url, String user, String password) throws SQLException {
        Path h2File = h2File(url);
        if (url.startsWith("jdbc:h2:mem:") || (h2File != null && !Files.exists(h2File))) return;
        check(Flyway.configure().dataSource(url, user, password).locations(MIGRATIONS).load(), url);
    }

    /** @throws IllegalStateException with one line saying what to do, when the database holds clear card numbers */
    public static void check(DataSource dataSource, String url) throws SQLException {
        check(Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load(), url);
    }

    private static void check(Flyway flyway, String url) throws SQLException {
        MigrationInfo current = flyway.info().current();
        if (current == null || current.getVersion() == null || current.getVersion().compareTo(FIRST_ENCRYPTED) >= 0) return;
        long cards;
        try (Connection c = flyway.getConfiguration().getDataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM cards")) {
            rs.next();
            cards = rs.getLong(1);
        }
        if (cards == 0) return;
        Path h2File = h2File(url);
        String where = h2File != null ? h2File.toString() : url.split("[?;]")[0];
        String remedy = h2File != null && h2File.toAbsolutePath().getParent() != null
                ? "delete " + h2File.toAbsolutePath().getParent() + " (scratch data)" : "empty it";
        throw new IllegalStateException("the issuer database " + where + " holds " + cards + " clear card number"
                + (cards == 1 ? "" : "s") + " from an older Veil: " + remedy + " or migrate the cards to encrypted numbers"
                + " before starting this version");
    }

    /** The file of an H2 file database URL ({@code jdbc:h2:file:PATH;...} or {@code jdbc:h2:PATH}), else null. */
    static Path h2File(String url) {
        if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:h2:tcp:")
                || url.startsWith("jdbc:h2:ssl:")) return null;
        String path = url.substring("jdbc:h2:".length()).split(";")[0];
        if (path.startsWith("file:")) path = path.substring("file:".length());
        if (path.startsWith("~")) path = System.getProperty("user.home") + path.substring(1);
        return Path.of(path + ".mv.db");
    }
}
