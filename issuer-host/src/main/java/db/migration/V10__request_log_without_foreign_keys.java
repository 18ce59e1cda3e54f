package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Drops the request log's foreign keys (card, hold, transfer, merchant account, original request). Each one
 * made the database keep an index nobody reads (the log is read by idempotency key, id, and terminal + RRN)
 * and look up the referenced row on every insert: five of the eight B-trees written per logged request.
 * The ids in a row are the ones its own transaction just wrote or read; the money's integrity is the
 * ledger's (transfers keep their keys to accounts, and the ledger audit checks every balance).
 * A Java migration because the constraints' names are the database's own (H2 and PostgreSQL name them
 * differently): they are read from INFORMATION_SCHEMA.
 */
public class V10__request_log_without_foreign_keys extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT constraint_name FROM information_schema.table_constraints"
                + " WHERE constraint_type = 'FOREIGN KEY' AND LOWER(table_name) = 'requests'"
                + " AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) names.add(rs.getString(1));
        }
        try (Statement s = c.createStatement()) {
            for (String name : names) s.execute("ALTER TABLE requests DROP CONSTRAINT \"" + name.replace("\"", "\"\"") + "\"");
        }
    }
}
