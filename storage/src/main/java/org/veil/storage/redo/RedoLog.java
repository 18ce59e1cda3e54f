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
 * Here a transaction's rows (after-images, caught by {@link RedoTrigger}) are appended to a log before it commits, the
 * log is written for a group of commits at once, and H2 stores in its own time; a checkpoint forces a store now and
 * then so that older log segments can go. At start the log is replayed: every transaction in it that the database
 * does not hold (each logged commit also inserts its sequence number into {@code redo_marks}) is applied again.
 * <p>
 * Why replaying after-images is right: a transaction appends while it holds the locks of every row it wrote, so two
 * transactions that wrote one row are in the log in the order they committed; and H2's file holds a set of committed
 * transactions closed under that order. Applying, in log order, those the file lacks leaves every row as its last
 * writer left it. A transaction appended whose commit never happened is applied too: nobody was answered for it, and
 * it is whole, as if its answer had been lost.
 */
public final class RedoLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedoLog.class);
    private static final Map<Database, RedoLog> RUNNING = new ConcurrentHashMap<>();
    static final String MARKS = "REDO_MARKS";

    private final DataSource dataSource;
    private final MVStore store;
    private final Database database;
    private final Path dir;
    private final Map<Session, RowImages> open = new ConcurrentHashMap<>();
    // Held (shared) from a transaction's append to the end of its commit; a checkpoint takes it alone to cut the log
    // where every transaction before the cut has committed or rolled back.
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final long checkpointMillis;
    private final long segmentLimit;
    private RedoFile file;
    private Thread checkpointer;
    private volatile boolean closed;

    private RedoLog(DataSource dataSource, MVStore store, Database database, Path dir, long checkpointMillis, long segmentLimit) {
        this.dataSource = dataSource;
        this.store = store;
        this.database = database;
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
            if (!c.isWrapperFor(JdbcConnection.class)
                    || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) return null;
            Database db = local.getDatabase();
            MVStore store = db.getStore().getMvStore();
            String file = store.getFileStore() == null ? null : store.getFileStore().getFileName();
            if (file == null) return null; // in memory: nothing survives the process anyway
            Path dir = Path.of(file.replaceFirst("\\.mv\\.db$", "") + ".redo");
            RedoLog log = new RedoLog(dataSource, store, db, dir, checkpointMillis, segmentLimit);
            log.replay();
            return log;
        }
    }

    private void replay() throws SQLException, IOException {
        List<Path> segments = RedoFile.segments(dir);
        if (segments.isEmpty()) return;
        long t0 = System.nanoTime();
        List<RedoFile.Entry> entries = RedoFile.readAll(segments);
        int applied;
        try (Connection c = dataSource.getConnection()) {
            createMarks(c);
            applied = new RedoReplay(c).apply(entries);
        }
        store.commit();
        for (Path p : segments) Files.delete(p);
        clearMarks(Long.MAX_VALUE);
        LOG.info("redo log {}: {} records read, {} transactions the database lacked applied again, in {} ms",
                dir, entries.size(), applied, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Puts the row triggers on every table, makes what is in the database now durable, and starts logging. */
    public void start() throws SQLException, IOException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            createMarks(c);
            for (String table : tables(c)) {
                TableShape.read(c, table); // refuses a table without a primary key before any row is logged
                s.execute("CREATE TRIGGER IF NOT EXISTS " + TableShape.quote("REDO_" + table) + " AFTER INSERT, UPDATE, DELETE ON "
                        + TableShape.quote(table) + " FOR EACH ROW CALL '" + RedoTrigger.class.getName() + "'");
            }
        }
        clearMarks(Long.MAX_VALUE); // left by a run that died between deleting its segments and its marks
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

    /** Commits the transaction on {@code conn}, its rows appended to the log first; they are on file after {@link #awaitDurable}. */
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
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + MARKS + " (seq) VALUES (?)")) {
                    ps.setLong(1, seq);
                    ps.executeUpdate();
                }
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    conn.rollback();
                } finally {
                    file.appendAbort(seq);
                }
                throw e;
            }
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Returns once every transaction that committed before this call is in the log file. */
    public void awaitDurable() {
        file.awaitWritten(file.appended());
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
            } catch (SQLException | IOException | RuntimeException e) {
                LOG.error("redo log {}: checkpoint failed, will try again: {}", dir, e.toString(), e);
            }
        }
    }

    /** Cuts the log, stores the database (which then holds every transaction before the cut) and drops the older segments. */
    void checkpoint() throws SQLException, IOException {
        long high;
        gate.writeLock().lock();
        try {
            high = file.rotate();
        } finally {
            gate.writeLock().unlock();
        }
        store.commit();
        file.deleteOlderSegments();
        clearMarks(high);
    }

    @Override
    public void close() throws SQLException, IOException {
        if (closed) return;
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
        checkpoint();
        file.close();
        for (Path p : RedoFile.segments(dir)) Files.delete(p);
        RUNNING.remove(database, this);
    }

    private void clearMarks(long upTo) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM " + MARKS + " WHERE seq <= ?")) {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            ps.setLong(1, upTo);
            ps.executeUpdate();
        }
    }

    private static void createMarks(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + MARKS + " (seq BIGINT PRIMARY KEY)");
        }
        if (!c.getAutoCommit()) c.commit();
    }

    /** The tables whose rows are logged: all in PUBLIC but the marks and Flyway's history. */
    private static List<String> tables(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> names = new java.util.ArrayList<>();
        try (ResultSet rs = md.getTables(null, "PUBLIC", null, new String[] {"BASE TABLE", "TABLE"})) {
            while (rs.next()) {
                String t = rs.getString("TABLE_NAME");
                if (!t.equals(MARKS) && !t.equalsIgnoreCase("flyway_schema_history")) names.add(t);
            }
        }
        return names;
    }

    Path directory() {
        return dir;
    }
}
