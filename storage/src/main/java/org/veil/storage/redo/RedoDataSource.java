package org.veil.storage.redo;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections whose transactions go through the {@link RedoLog}: a transaction begins there at its first statement, its
 * commit writes its rows to the log first, a rollback forgets them, and a statement run in auto-commit mode is made a
 * transaction of its own so that it too is logged before it commits. Everything else goes straight to the pool's
 * connection.
 */
public final class RedoDataSource implements DataSource {
    private final DataSource pool;
    private final RedoLog log;

    public RedoDataSource(DataSource pool, RedoLog log) {
        this.pool = pool;
        this.log = log;
    }

    public RedoLog log() {
        return log;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return logged(pool.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return logged(pool.getConnection(user, password));
    }

    private Connection logged(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new LoggedConnection(c));
    }

    private final class LoggedConnection implements InvocationHandler {
        private final Connection c;

        LoggedConnection(Connection c) {
            this.c = c;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "commit" -> {
                    if (!c.getAutoCommit()) log.commit(c);
                    return null;
                }
                case "rollback" -> {
                    if (args != null) throw new SQLFeatureNotSupportedException("savepoints are not supported with the redo log");
                    log.discard(c);
                    c.rollback();
                    return null;
                }
                case "setSavepoint" -> throw new SQLFeatureNotSupportedException("savepoints are not supported with the redo log");
                case "setAutoCommit" -> {
                    if ((Boolean) args[0] && !c.getAutoCommit()) log.commit(c); // JDBC: switching it on commits
                    c.setAutoCommit((Boolean) args[0]);
                    return null;
                }
                case "close" -> {
                    log.discard(c); // the pool rolls back what was left open
                    c.close();
                    return null;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    Object r = call(c, m, args);
                    if (r instanceof Statement s) {
                        Class<?> type = r instanceof CallableStatement ? CallableStatement.class
                                : r instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {type},
                                new LoggedStatement(c, s));
                    }
                    return r;
                }
            }
        }
    }

    private final class LoggedStatement implements InvocationHandler {
        private final Connection c;
        private final Statement s;

        LoggedStatement(Connection c, Statement s) {
            this.c = c;
            this.s = s;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (!name.startsWith("execute")) return call(s, m, args);
            boolean batch = name.contains("Batch");
            if (c.getAutoCommit() && name.equals("executeQuery")) {
                // A query on its own still counts as under way, so that no checkpoint stores in the middle of it.
                log.begin(c);
                try {
                    return call(s, m, args);
                } finally {
                    log.discard(c);
                }
            }
            if (c.getAutoCommit()) {
                // One statement, one transaction: logged before H2 would have committed it.
                c.setAutoCommit(false);
                try {
                    log.begin(c);
                    Object r = call(s, m, args);
                    log.commit(c);
                    return r;
                } catch (Throwable t) {
                    log.discard(c);
                    c.rollback();
                    throw t;
                } finally {
                    c.setAutoCommit(true);
                }
            }
            log.begin(c);
            long start = log.statementStart(c);
            try {
                return call(s, m, args);
            } catch (SQLException e) {
                if ("40001".equals(e.getSQLState())) log.discard(c); // H2 rolled the whole transaction back (deadlock)
                else log.undoStatement(c, start, batch || e instanceof BatchUpdateException);
                throw e;
            }
        }
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
