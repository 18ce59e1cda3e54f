package org.veil.issuer.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * After every migration the request log keeps only the keys it is read by; the ledger's transfers keep theirs, and
 * no column of theirs is indexed twice.
 */
class RequestLogSchemaTest {

    @Test
    void requestLogHasNoForeignKeysAndTransfersKeepTheirsIndexedOnce() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:schema" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        try (Connection c = ds.getConnection()) {
            assertEquals(List.of(), constraints(c, "REQUESTS", "FOREIGN KEY"));
            assertEquals(List.of("PRIMARY KEY", "UNIQUE"), kinds(c, "REQUESTS"), "the id and the idempotency key");
            assertEquals(3, constraints(c, "TRANSFERS", "FOREIGN KEY").size(), "debit, credit and pending transfer");
            // Read by idempotency key, id and terminal + RRN: those indexes, and no others.
            assertEquals(List.of("ID", "IDEM_KEY", "TERMINAL_ID,RRN"), indexedColumns(c, "REQUESTS"));
            // Each account column indexed once: by its foreign key's own index, which H2 made, not by a twin of it.
            assertEquals(List.of("CREDIT_ACCOUNT_ID", "DEBIT_ACCOUNT_ID", "ID", "PENDING_ID", "STATE,EXPIRES_AT"),
                    indexedColumns(c, "TRANSFERS"));
        }
    }

    private static List<String> constraints(Connection c, String table, String type) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT constraint_name FROM information_schema.table_constraints"
                + " WHERE table_name = ? AND constraint_type = ? ORDER BY constraint_name")) {
            ps.setString(1, table);
            ps.setString(2, type);
            return strings(ps);
        }
    }

    private static List<String> kinds(Connection c, String table) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT constraint_type FROM information_schema.table_constraints"
                + " WHERE table_name = ? AND constraint_type <> 'CHECK' ORDER BY constraint_type")) {
            ps.setString(1, table);
            return strings(ps);
        }
    }

    private static List<String> indexedColumns(Connection c, String table) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT LISTAGG(column_name, ',') WITHIN GROUP (ORDER BY ordinal_position)"
                + " FROM information_schema.index_columns WHERE table_name = ? GROUP BY index_name ORDER BY 1")) {
            ps.setString(1, table);
            return strings(ps);
        }
    }

    private static List<String> strings(PreparedStatement ps) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
