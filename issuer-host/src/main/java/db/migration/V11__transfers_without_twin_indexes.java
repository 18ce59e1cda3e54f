package db.migration;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Drops transfers_debit and transfers_credit where another index starts with the same column. H2 gives every
 * foreign key an index of its own when the table is created, before V1's CREATE INDEX ran: each transfer was
 * written into two B-trees per account column, one of them never read. PostgreSQL indexes no foreign key by
 * itself, so there both indexes stay. The database is asked which indexes it has (JDBC metadata), not which
 * database it is.
 */
public class V11__transfers_without_twin_indexes extends BaseJavaMigration {
    private static final List<String> OURS = List.of("transfers_debit", "transfers_credit");

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        Map<String, List<String>> columns = indexColumns(c);
        try (Statement s = c.createStatement()) {
            for (String ours : OURS) {
                List<String> mine = columns.get(ours);
                if (mine == null || mine.size() != 1) continue;
                boolean twin = columns.entrySet().stream()
                        .anyMatch(e -> !e.getKey().equals(ours) && !e.getValue().isEmpty() && e.getValue().getFirst().equals(mine.getFirst()));
                if (twin) s.execute("DROP INDEX " + ours);
            }
        }
    }

    /** Every index on transfers, by lower-case name, with its columns in order. */
    private static Map<String, List<String>> indexColumns(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String table = md.storesUpperCaseIdentifiers() ? "TRANSFERS" : "transfers";
        Map<String, List<String>> columns = new HashMap<>();
        try (ResultSet rs = md.getIndexInfo(null, c.getSchema(), table, false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (name == null || column == null) continue; // table statistics, not an index
                List<String> list = columns.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
                int position = rs.getInt("ORDINAL_POSITION");
                while (list.size() < position) list.add("");
                list.set(position - 1, column.toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }
}
