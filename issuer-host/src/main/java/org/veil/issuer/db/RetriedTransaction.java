package org.veil.issuer.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One JDBC transaction that is run again, at most three more times, when it lost a race on a unique key: two copies of
 * one request, two first requests for one order, two codes drawn alike. The run after it sees the winner's row.
 */
public final class RetriedTransaction {
    /** SQLSTATE of a unique-key violation (H2 and PostgreSQL). */
    public static final String UNIQUE_VIOLATION = "23505";

    /** The work of one attempt on a connection with auto-commit off; committed when it returns, rolled back when it throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private RetriedTransaction() {}

    public static <T> T run(DataSource dataSource, Work<T> work) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T t = work.run(c);
                    c.commit();
                    return t;
                } catch (SQLException e) {
                    c.rollback();
                    if (UNIQUE_VIOLATION.equals(e.getSQLState()) && attempt < 3) continue;
                    throw e;
                } catch (RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
    }
}
