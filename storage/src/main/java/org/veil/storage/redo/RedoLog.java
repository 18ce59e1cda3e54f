package org.veil.storage.redo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.h2.engine.Database;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write-ahead redo log for an embedded H2 database. H2 keeps no log of its own: a commit is durable only once a
 * store rewrites every B-tree page the commit touched, and forcing one per group of commits was half the issuer's CPU.
 * Here a transaction's rows (after-images, caught by {@link RedoTrigger}) are written to the log, for a group of
 * commits at once, before H2 commits it, and H2 stores in its own time; a checkpoint forces a store now and then so
 * that older log segments can go. At start every transaction the log holds is applied again, in log order.
 * <p>
 * Why that is right: a transaction is written while it holds the locks of every row it wrote, so two transactions that
 * wrote one row are in the log in the order they committed, and the last image of a row is its value. Every
 * transaction H2 holds committed since the last checkpoint is in the log, because it was written before its commit;
 * so what H2's file holds for a row the log touches does not matter, which is as well, as an H2 store taken while a
 * transaction commits can hold part of it. Rows the log does not touch were stored whole by the checkpoint, taken
 * when no transaction was between its write and the end of its commit. A transaction written whose commit never
 * happened is applied too: nobody was answered for it, no later transaction saw its rows, and it is whole, as if its
 * answer had been lost.
 */
public final class RedoLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedoLog.class);
    private static final Map<Database, RedoLog> RUNNING = new ConcurrentHashMap<>();

    private final DataSource dataSource;
    private final Path dir;
    // Held open while logging: H2 closes a database when its last connection goes (unless DB_CLOSE_DELAY=-1), and one
    // opened again is another Database that this log would neither see written to nor store.
    private Connection keeper;
    private MVStore store;
    private Database database;
    private final Map<Session, RowImages> open = new ConcurrentHashMap<>();
    // Held (shared) from a transaction's append to the end of its commit; a checkpoint takes it alone to cut the log
    // where every transaction before the cut has committed or rolled back.
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final long checkpointMillis;
    private final long segmentLimit;
    private RedoFile file;
    private Thread checkpointer;
    private volatile boolean closed;

    private RedoLog(DataSource dataSource, Path dir, long checkpointMillis, long segmentLimit) {
        this.dataSource = dataSource;
        this.dir = dir;
        this.checkpointMillis = checkpointMillis;
        this.segmentLimit = segmentLimit;
    }

    /**
     * The redo log of the embedded H2 file database behind {@code dataSource} (its directory beside the database file,
     * named like it with .redo), after replaying what an earlier run left in it; null for any other database. Call
     * {@link #start} once the database is migrated to begin logging.
     */
    public static RedoLog recover(DataSource dataSource, long checkpointMillis, long segmentLimit) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            Database db = fileDatabase(c);
            if (db == null) return null;
            RedoLog log = new RedoLog(dataSource, logDirectory(db), checkpointMillis, segmentLimit);
            log.replay(db.getStore().getMvStore());
            return log;
        }
    }

    /** The embedded H2 database on file behind {@code c}; null for any other (in memory nothing survives the process anyway). */
    private static Database fileDatabase(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class) || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) {
            return null;
        }
        MVStore store = local.getDatabase().getStore().getMvStore();
        return store.getFileStore() == null || store.getFileStore().getFileName() == null ? null : local.getDatabase();
    }

    private static Path logDirectory(Database db) {
        return Path.of(db.getStore().getMvStore().getFileStore().getFileName().replaceFirst("\\.mv\\.db$", "") + ".redo");
    }

    private void replay(MVStore store) throws SQLException, IOException {
        List<Path> segments = RedoFile.segments(dir);
        if (segments.isEmpty()) return;
        long t0 = System.nanoTime();
        List<RedoFile.Entry> entries = RedoFile.readAll(segments);
        int applied;
        try (Connection c = dataSource.getConnection()) {
            applied = new RedoReplay(c).apply(entries);
        }
        store.commit();
        for (Path p : segments) Files.delete(p);
        LOG.info("redo log {}: {} records read, {} transactions applied again, in {} ms",
                dir, entries.size(), applied, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Puts the row triggers on every table, makes what is in the database now durable, and starts logging. */
    public void start() throws SQLException, IOException {
        keeper = dataSource.getConnection();
        database = fileDatabase(keeper);
        if (database == null || !logDirectory(database).equals(dir)) {
            keeper.close();
            throw new SQLException("redo log " + dir + ": the data source no longer reaches the database it was recovered on");
        }
        store = database.getStore().getMvStore();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : tables(c)) {
                TableShape.read(c, table); // refuses a table without a primary key before any row is logged
                s.execute("CREATE TRIGGER IF NOT EXISTS " + TableShape.quote("REDO_" + table) + " AFTER INSERT, UPDATE, DELETE ON "
                        + TableShape.quote(table) + " FOR EACH ROW CALL '" + RedoTrigger.class.getName() + "'");
            }
        }
        store.commit();
        file = RedoFile.create(dir, 1);
        RUNNING.put(database, this);
        checkpointer = Thread.ofPlatform().daemon().name("redo-checkpoint").start(this::checkpointLoop);
    }

    static RedoLog runningFor(Connection triggerConnection) throws SQLException {
        Session s = triggerConnection.unwrap(JdbcConnection.class).getSession();
        return s instanceof SessionLocal local ? RUNNING.get(local.getDatabase()) : null;
    }

    void capture(Connection conn, String table, Object[] oldRow, Object[] newRow, int[] keyColumns) throws SQLException {
        images(conn, true).add(table, oldRow, newRow, keyColumns);
    }

    private RowImages images(Connection conn, boolean create) throws SQLException {
        Session s = conn.unwrap(JdbcConnection.class).getSession();
        return create ? open.computeIfAbsent(s, k -> new RowImages()) : open.get(s);
    }

    /** Where the transaction on {@code conn} stands, for {@link #undoStatement} if its next statement fails. */
    long statementStart(Connection conn) throws SQLException {
        RowImages i = images(conn, false);
        return i == null ? 0 : i.mark();
    }

    /** A statement failed: H2 undid its rows, so the log forgets them; a failed batch forbids the commit. */
    void undoStatement(Connection conn, long start, boolean batch) throws SQLException {
        RowImages i = images(conn, false);
        if (i == null) return;
        i.truncate(start);
        if (batch) i.markBroken();
    }

    /** The transaction on {@code conn} rolled back (or H2 rolled it back): its rows are forgotten. */
    void discard(Connection conn) throws SQLException {
        open.remove(conn.unwrap(JdbcConnection.class).getSession());
    }

    /**
     * Commits the transaction on {@code conn}, its rows written to the log file first (with those of whoever commits at
     * the same time): once this returns, the commit survives the death of the process.
     */
    void commit(Connection conn) throws SQLException {
        RowImages images = open.remove(conn.unwrap(JdbcConnection.class).getSession());
        if (images == null || images.isEmpty()) {
            conn.commit();
            return;
        }
        if (images.broken()) {
            conn.rollback();
            throw new SQLException("a batch failed part-way, so the transaction was rolled back (the redo log could not tell which rows stayed)");
        }
        gate.readLock().lock();
        try {
            if (closed) {
                conn.rollback();
                throw new SQLException("the database is closing: transaction rolled back");
            }
            long seq = file.append(RedoFile.TRANSACTION, images.buffer(), images.length());
            try {
                file.awaitWritten(file.appended());
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                // On file before the row locks go, so that no later transaction on these rows precedes it there.
                file.appendAbort(seq);
                try {
                    file.awaitWritten(file.appended());
                } finally {
                    conn.rollback();
                }
                throw e;
            }
        } finally {
            gate.readLock().unlock();
        }
    }

    private void checkpointLoop() {
        long last = System.nanoTime();
        while (!closed) {
            try {
                Thread.sleep(200);
                if (closed) return;
                if (System.nanoTime() - last < checkpointMillis * 1_000_000 && file.segmentBytes() < segmentLimit) continue;
                checkpoint();
                last = System.nanoTime();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.error("redo log {}: checkpoint failed, will try again: {}", dir, e.toString(), e);
            }
        }
    }

    /**
     * Cuts the log where no transaction is between its write and the end of its commit, stores the database (which then
     * holds every transaction before the cut, whole) and drops the older segments.
     */
    void checkpoint() throws IOException {
        gate.writeLock().lock();
        try {
            file.rotate();
        } finally {
            gate.writeLock().unlock();
        }
        store.commit();
        file.deleteOlderSegments();
    }

    @Override
    public void close() throws SQLException, IOException {
        if (closed || keeper == null) return; // never started: nothing was logged
        gate.writeLock().lock();
        try {
            closed = true;
        } finally {
            gate.writeLock().unlock();
        }
        checkpointer.interrupt();
        try {
            checkpointer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (store.isClosed()) {
                // H2 closed itself first (its own hook at JVM exit): the log is still right, and is replayed at the next start.
                file.close();
                LOG.info("redo log {}: the database was closed before the log, which stays for the next start", dir);
                return;
            }
            checkpoint();
            file.close();
            for (Path p : RedoFile.segments(dir)) Files.delete(p);
        } finally {
            RUNNING.remove(database, this);
            keeper.close();
        }
    }

    /** The tables whose rows are logged: all in PUBLIC but Flyway's history. */
    private static List<String> tables(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> names = new java.util.ArrayList<>();
        try (ResultSet rs = md.getTables(null, "PUBLIC", null, new String[] {"BASE TABLE", "TABLE"})) {
            while (rs.next()) {
                String t = rs.getString("TABLE_NAME");
                if (!t.equalsIgnoreCase("flyway_schema_history")) names.add(t);
            }
        }
        return names;
    }

    Path directory() {
        return dir;
    }
}
