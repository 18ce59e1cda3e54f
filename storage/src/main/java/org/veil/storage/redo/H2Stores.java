package org.veil.storage.redo;

import java.io.IOException;
import java.lang.reflect.Field;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * What the redo log needs of H2's MVStore that H2 does not offer publicly (so it is reached by reflection, and tied to
 * H2 2.4): its store lock, no stores triggered by unsaved memory, and a store that takes its snapshot at once but
 * writes it on H2's own threads.
 */
final class H2Stores {
    private final MVStore store;
    private final ReentrantLock lock;
    private final List<Field> writers;

    private H2Stores(MVStore store, ReentrantLock lock, List<Field> writers) {
        this.store = store;
        this.lock = lock;
        this.writers = writers;
    }

    /**
     * Takes control of when {@code store} stores. H2 would block on the store lock from inside a transaction, to store
     * once more than a set amount of memory is unsaved: that is switched off here (checkpoints store often enough), and
     * so must be a store at every commit (WRITE_DELAY=0), which also leaves H2 without its background writer threads.
     */
    static H2Stores of(MVStore store) throws SQLException {
        if (store.getAutoCommitDelay() <= 0) {
            throw new SQLException("the redo log needs H2 storing in the background, not at each commit: WRITE_DELAY above 0 in the database URL");
        }
        try {
            Field memory = MVStore.class.getDeclaredField("autoCommitMemory");
            memory.setAccessible(true);
            memory.setInt(store, 0);
            Field lock = MVStore.class.getDeclaredField("storeLock");
            lock.setAccessible(true);
            // A store's pages are serialized on one executor, which hands the buffer to the other to write.
            List<Field> writers = List.of(FileStore.class.getDeclaredField("serializationExecutor"),
                    FileStore.class.getDeclaredField("bufferSaveExecutor"));
            for (Field f : writers) f.setAccessible(true);
            return new H2Stores(store, (ReentrantLock) lock.get(store), writers);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException("the redo log cannot reach H2's store settings (is this H2 2.4?): " + e, e);
        }
    }

    /**
     * The lock H2 takes to store. Holding it keeps H2's background writer and its stores at commit from running (they
     * only try it); H2 blocks on it only for a CHECKPOINT or SHUTDOWN command or when closing.
     */
    ReentrantLock lock() {
        return lock;
    }

    /**
     * Stores what the maps hold now: their roots are taken before this returns, and the pages behind them (which no
     * later write changes: H2 copies a page to change it) are serialized and written on H2's writer threads.
     */
    void beginStore() {
        store.tryCommit(); // the caller holds the store lock, so it is never refused
    }

    /** Returns once every store begun so far is written to the file. */
    void awaitWritten() throws IOException, InterruptedException {
        for (Field f : writers) {
            ThreadPoolExecutor writer;
            try {
                writer = (ThreadPoolExecutor) f.get(store.getFileStore());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            if (writer == null) continue; // H2 stores on the calling thread
            try {
                writer.submit(() -> {}).get(); // each runs its tasks in order, one at a time
            } catch (RejectedExecutionException e) {
                return; // H2 is closing, and writes what is left itself
            } catch (ExecutionException e) {
                throw new IOException("H2's store did not complete: " + e.getCause(), e.getCause());
            }
        }
    }
}
