package org.veil.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.veil.storage.redo.RedoDataSource;

/**
 * Makes committed transactions survive a kill of the process before anyone is told about them, writing many
 * commits at once. Behind a {@link RedoDataSource} (the issuer's embedded H2) there is nothing left to do: the redo
 * log writes each commit, in groups, before H2 makes it visible. Otherwise, on embedded H2 (run with WRITE_DELAY > 0)
 * a commit stays in memory until a store writes a chunk: here a caller whose transaction has ended (committed or not:
 * what it read must be durable too) waits until one store started after that point has written, and whoever finds no
 * store running starts one for everybody waiting. Either way the bytes go to the file with write() and no fsync, as
 * H2 does at WRITE_DELAY=0: they are the OS's when this returns, which is what surviving kill -9 needs.
 * Other databases (PostgreSQL) make each commit durable themselves: there this does nothing.
 */
public final class GroupCommit {
    private final MVStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private long requested; // tickets handed out, one per caller
    private long durable;   // every ticket up to this one is written
    private boolean writing;

    private GroupCommit(MVStore store) {
        this.store = store;
    }

    /**
     * Group commit over the MVStore of an embedded H2 database; nothing to do behind a {@link RedoDataSource} or for
     * any other database.
     */
    public static GroupCommit of(DataSource dataSource) throws SQLException {
        if (dataSource instanceof RedoDataSource) return new GroupCommit(null);
        try (Connection c = dataSource.getConnection()) {
            if (c.isWrapperFor(JdbcConnection.class)
                    && c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local) {
                return new GroupCommit(local.getDatabase().getStore().getMvStore());
            }
        }
        return new GroupCommit(null);
    }

    /** Returns once every transaction that ended before this call is written to the database file. */
    public void awaitDurable() {
        if (store == null) return;
        lock.lock();
        try {
            long ticket = ++requested;
            while (durable < ticket) {
                if (writing) {
                    written.awaitUninterruptibly();
                    continue;
                }
                writing = true;
                long upTo = requested; // all of these ended before the store below starts
                boolean ok = false;
                lock.unlock();
                try {
                    store.commit();
                    ok = true;
                } finally {
                    lock.lock();
                    writing = false;
                    if (ok) durable = Math.max(durable, upTo);
                    written.signalAll(); // on failure another waiter tries, or fails the same way
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
