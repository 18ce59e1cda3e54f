package org.veil.issuer.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A kept locking read on a real H2: one statement per connection, still locking, and a closed connection's replaced. */
class KeptStatementTest {
    private final KeptStatement forUpdate = new KeptStatement("SELECT v FROM t WHERE id = ? FOR UPDATE");
    private JdbcDataSource ds;

    @BeforeEach
    void table() throws Exception {
        ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:kept" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=200");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO t VALUES (1, 10), (2, 20)");
        }
    }

    private int read(Connection c, int id) throws SQLException {
        return forUpdate.run(c, ps -> {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private PreparedStatement statementOf(Connection c) throws SQLException {
        return forUpdate.run(c, ps -> ps);
    }

    @Test
    void oneStatementPerConnectionAndItStillLocksTheRow() throws Exception {
        try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            assertEquals(10, read(a, 1));
            assertEquals(20, read(a, 2));
            assertSame(statementOf(a), statementOf(a), "kept, not prepared again");
            assertNotSame(statementOf(a), statementOf(b));
            // a holds row 1 until it ends: b's locking read of it waits, then times out.
            SQLException timeout = assertThrows(SQLException.class, () -> read(b, 1));
            assertTrue(timeout.getMessage().toLowerCase().contains("timeout"), timeout.getMessage());
            a.commit();
            b.rollback();
            assertEquals(10, read(b, 1));
            b.commit();
        }
    }

    @Test
    void aClosedConnectionsStatementIsNotUsedAgain() throws Exception {
        Connection first = ds.getConnection();
        PreparedStatement kept = statementOf(first);
        first.close();
        try (Connection next = ds.getConnection()) {
            assertEquals(10, read(next, 1));
            assertNotSame(kept, statementOf(next));
            assertFalse(statementOf(next).isClosed());
        }
    }
}
