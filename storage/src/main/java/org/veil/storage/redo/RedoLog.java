package org.veil.storage.redo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * Worse, H2 takes each table's pages for a store at a slightly different moment, so a store made while transactions
 * commit or write can hold part of one (a committed transaction with a row missing, a row locked by a transaction
 * that no longer exists, an identity behind its rows), and kill -9 right after it leaves that on file.
 * <p>
 * Here a transaction's rows (after-images, caught by {@link RedoTrigger}) are written to the log, for a group of
 * commits at once, before H2 commits it. H2 does not store by itself while the log runs (the log holds the store's
 * lock, so H2's own attempts give way); a checkpoint stores, every second, at a moment when no transaction is under
 * way (new ones wait for it, see {@link Quiescence}), and then drops the older log segments. At start every
 * transaction in the log is applied again, in log order.
 * <p>
 * Why that is right: the file holds the database as it was at the last checkpoint, whole. A transaction is written
 * while it holds the locks of every row it wrote, so two transactions that wrote one row are in the log in the order
 * they committed, and every transaction committed since the checkpoint is in the log. A transaction written whose
 * commit never happened is applied too: nobody was answered for it, no later transaction saw its rows, and it is
 * whole, as if its answer had been lost.
 */
public final class RedoLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedoLog.class);
    private static final Map<Database, RedoLog> RUNNING = new ConcurrentHashMap<>();
    // H2's changed pages wait in memory for a checkpoint: one comes sooner once they are this many bytes.
    private static final int UNSAVED_LIMIT = 64 << 20;
    // A transaction that waits on another thread's new one (which the checkpoint holds back) would never end: past
    // this the checkpoint gives way and tries again, so a hidden dependency costs a pause, never a hang.
    private static final long CHECKPOINT_WAIT_MILLIS = 2_000;

    private final DataSource dataSource;
    private final Path dir;
    // Held open while logging: H2 closes a database when its last connection goes (unless DB_CLOSE_DELAY=-1), and one
    // opened again is another Database that this log would neither see written to nor store.
    private Connection keeper;
    private MVStore store;
    private Database database;
    private final Map<Session, Transaction> open = new ConcurrentHashMap<>();

    /** A transaction under way: its rows so far, and the thread it began on (see {@link Quiescence}). */
    private record Transaction(RowImages images, Thread begunOn) {}

    // Every transaction under way entered it at its first statement (see begin) and leaves it at its end.
    private final Quiescence quiet = new Quiescence();
    private final LinkedBlockingQueue<CompletableFuture<Void>> checkpointsAsked = new LinkedBlockingQueue<>();
    private H2Stores h2;
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
                // Refuses a table without a primary key before any row is logged. The trigger's init reads it too, but
                // only when CREATE makes the trigger: on a restart it exists already (say a migration dropped the key).
                TableShape.read(c, table);
                s.execute("CREATE TRIGGER IF NOT EXISTS " + TableShape.quote("REDO_" + table) + " AFTER INSERT, UPDATE, DELETE ON "
                        + TableShape.quote(table) + " FOR EACH ROW CALL '" + RedoTrigger.class.getName() + "'");
            }
        }
        store.commit();
        h2 = H2Stores.of(store);
        file = RedoFile.create(dir, 1);
        RUNNING.put(database, this);
        CompletableFuture<Void> holding = new CompletableFuture<>();
        checkpointer = Thread.ofPlatform().daemon().name("redo-checkpoint").start(() -> checkpointLoop(holding));
        try {
            holding.get(); // from here on H2 stores only at checkpoints
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the redo log", e);
        } catch (ExecutionException e) {
            throw new IOException("redo log could not start", e.getCause());
        }
    }

    static RedoLog runningFor(Connection triggerConnection) throws SQLException {
        Session s = triggerConnection.unwrap(JdbcConnection.class).getSession();
        return s instanceof SessionLocal local ? RUNNING.get(local.getDatabase()) : null;
    }

    void capture(Connection conn, String table, Object[] oldRow, Object[] newRow, int[] keyColumns) throws SQLException {
        RowImages images = images(conn);
        if (images == null) {
            // Not begun through a RedoDataSource connection: it would commit unlogged, so it does not happen at all.
            throw new SQLException("a write to " + table + " outside the redo log's connections, refused");
        }
        images.add(table, oldRow, newRow, keyColumns);
    }

    /**
     * The transaction on {@code conn} is about to run a statement: if it is a new one, it waits for any checkpoint
     * under way and then counts as under way itself until it commits or rolls back.
     */
    void begin(Connection conn) throws SQLException {
        Session s = conn.unwrap(JdbcConnection.class).getSession();
        if (open.containsKey(s)) return;
        Thread begunOn = quiet.enter();
        if (closed) {
            quiet.exit(begunOn);
            throw new SQLException("the database is closing");
        }
        open.put(s, new Transaction(new RowImages(), begunOn));
    }

    private RowImages images(Connection conn) throws SQLException {
        Transaction t = open.get(conn.unwrap(JdbcConnection.class).getSession());
        return t == null ? null : t.images();
    }

    /** Where the transaction on {@code conn} stands, for {@link #undoStatement} if its next statement fails. */
    long statementStart(Connection conn) throws SQLException {
        RowImages i = images(conn);
        return i == null ? 0 : i.mark();
    }

    /** A statement failed: H2 undid its rows, so the log forgets them; a failed batch forbids the commit. */
    void undoStatement(Connection conn, long start, boolean batch) throws SQLException {
        RowImages i = images(conn);
        if (i == null) return;
        i.truncate(start);
        if (batch) i.markBroken();
    }

    /** The transaction on {@code conn} rolled back (or H2 rolled it back): its rows are forgotten. */
    void discard(Connection conn) throws SQLException {
        Transaction t = open.remove(conn.unwrap(JdbcConnection.class).getSession());
        if (t != null) quiet.exit(t.begunOn());
    }

    /**
     * Commits the transaction on {@code conn}, its rows written to the log file first (with those of whoever commits at
     * the same time): once this returns, the commit survives the death of the process.
     */
    void commit(Connection conn) throws SQLException {
        Transaction t = open.remove(conn.unwrap(JdbcConnection.class).getSession());
        if (t == null) { // never began through the log: a write here would not have been logged
            conn.commit();
            return;
        }
        RowImages images = t.images();
        try {
            if (images.isEmpty()) {
                conn.commit();
                return;
            }
            if (images.broken() || closed) {
                conn.rollback();
                throw new SQLException(closed ? "the database is closing: transaction rolled back"
                        : "a batch failed part-way, so the transaction was rolled back (the redo log could not tell which rows stayed)");
            }
            long seq = file.append(RedoFile.TRANSACTION, images.buffer(), images.length());
            try {
                file.awaitAllWritten();
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                // On file before the row locks go, so that no later transaction on these rows precedes it there.
                file.appendAbort(seq);
                try {
                    file.awaitAllWritten();
                } finally {
                    conn.rollback();
                }
                throw e;
            }
        } finally {
            quiet.exit(t.begunOn());
        }
    }

    /** Runs a checkpoint now (on the checkpoint thread, which holds the store lock) and returns once it is done. */
    void checkpoint() throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        checkpointsAsked.add(done);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a checkpoint", e);
        } catch (ExecutionException e) {
            throw new IOException("checkpoint failed: " + e.getCause(), e.getCause());
        }
    }

    private void checkpointLoop(CompletableFuture<Void> holding) {
        ReentrantLock storeLock = h2.lock();
        storeLock.lock();
        try {
            holding.complete(null);
            long last = System.nanoTime();
            List<CompletableFuture<Void>> asked = new ArrayList<>();
            while (!closed) {
                try {
                    CompletableFuture<Void> first = checkpointsAsked.poll(50, TimeUnit.MILLISECONDS);
                    if (first != null) asked.add(first);
                    checkpointsAsked.drainTo(asked);
                    yieldStoreLockToWaiters();
                    if (closed) break;
                    if (store.isClosed()) { // closed under the log (SHUTDOWN): nothing more can commit, nor be stored
                        LOG.warn("redo log {}: the database was closed before the log; no more checkpoints", dir);
                        break;
                    }
                    if (asked.isEmpty() && System.nanoTime() - last < checkpointMillis * 1_000_000 && file.segmentBytes() < segmentLimit
                            && store.getUnsavedMemory() < UNSAVED_LIMIT) {
                        continue;
                    }
                    last = System.nanoTime();
                    if (checkpointQuietly()) {
                        asked.forEach(f -> f.complete(null));
                    } else {
                        LOG.warn("redo log {}: checkpoint put off, a transaction was still under way after {} ms (a long query?)", dir,
                                CHECKPOINT_WAIT_MILLIS);
                        asked.forEach(f -> f.completeExceptionally(new IOException("a transaction was still under way after "
                                + CHECKPOINT_WAIT_MILLIS + " ms")));
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    LOG.error("redo log {}: checkpoint failed, will try again: {}", dir, e.toString(), e);
                    asked.forEach(f -> f.completeExceptionally(e));
                }
                asked.clear();
            }
            checkpointsAsked.forEach(f -> f.completeExceptionally(new IOException("redo log closed")));
        } finally {
            storeLock.unlock();
        }
    }

    /**
     * Holds new transactions back, waits until none is under way, cuts the log and stores: the file then holds every
     * transaction before the cut, whole, and nothing of any other. Then drops the older segments. False, with nothing
     * stored, when a transaction was still under way after {@link #CHECKPOINT_WAIT_MILLIS}.
     */
    private boolean checkpointQuietly() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long held;
        try {
            if (!cutAndStore(CHECKPOINT_WAIT_MILLIS)) return false;
        } finally {
            quiet.release();
            held = System.nanoTime() - t0;
        }
        h2.awaitWritten();
        file.deleteOlderSegments();
        LOG.debug("redo log {}: checkpoint held new transactions {} us, written after {} us", dir, held / 1000, (System.nanoTime() - t0) / 1000);
        return true;
    }

    /**
     * Holds new transactions back (until {@link Quiescence#release}), waits at most {@code maxWaitMillis} until none is
     * under way, then cuts the log and stores.
     */
    private boolean cutAndStore(long maxWaitMillis) throws IOException, InterruptedException {
        quiet.hold();
        long waited = 0;
        // A transaction under way may be waiting for the store lock itself (a CHECKPOINT command): let it through.
        while (!quiet.awaitIdle(50)) {
            waited += 50;
            if (waited >= maxWaitMillis) return false;
            yieldStoreLockToWaiters();
        }
        file.rotate();
        h2.beginStore(); // its snapshot is taken now, while quiet; new transactions need not wait for it to be written
        return true;
    }

    /** Lets a thread waiting for the store lock (an H2 CHECKPOINT, SHUTDOWN or close) have it, then takes it back. */
    private void yieldStoreLockToWaiters() throws InterruptedException {
        ReentrantLock storeLock = h2.lock();
        if (!storeLock.hasQueuedThreads() || !storeLock.isHeldByCurrentThread()) return;
        storeLock.unlock();
        try {
            long until = System.nanoTime() + 200_000_000L;
            while (storeLock.hasQueuedThreads() && System.nanoTime() < until) Thread.sleep(1);
        } finally {
            storeLock.lock();
        }
    }

    @Override
    public void close() throws SQLException, IOException {
        if (closed || keeper == null) return; // never started: nothing was logged
        closed = true;
        try {
            checkpointer.join(10_000); // not interrupted: an interrupt in the middle of H2's store would break its file
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (store.isClosed()) {
                // H2 closed first (its own hook at JVM exit): the log is still right, and is replayed at the next start.
                file.close();
                LOG.info("redo log {}: the database was closed before the log, which stays for the next start", dir);
                return;
            }
            try {
                // Whoever begins after this is told the database is closing.
                if (!cutAndStore(10_000)) throw new IOException("transactions still under way after 10 s; the log stays for the next start");
                h2.awaitWritten();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while closing; the log stays", e);
            }
            file.close();
            for (Path p : RedoFile.segments(dir)) Files.delete(p);
        } finally {
            quiet.release();
            RUNNING.remove(database, this);
            keeper.close();
        }
    }

    /** The tables whose rows are logged: all in PUBLIC but Flyway's history. */
    private static List<String> tables(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, "PUBLIC", null, new String[] {"BASE TABLE", "TABLE"})) {
            while (rs.next()) {
                String t = rs.getString("TABLE_NAME");
                if (!t.equalsIgnoreCase("flyway_schema_history")) names.add(t);
            }
        }
        return names;
    }

    /** Whether a checkpoint is holding new transactions back now (for tests that must act in that moment). */
    boolean holdingNewTransactions() {
        return quiet.holding();
    }

    Path directory() {
        return dir;
    }
}
