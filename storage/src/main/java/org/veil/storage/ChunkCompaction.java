package org.veil.storage;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file from growing without end under steady load. Every commit writes a new chunk
 * (tens of KB with the indexes it touches), and H2 compacts sparse chunks only when its store is idle, which
 * a busy host never is: the file grew about 26 KB per answer. Here live pages are moved out of sparse chunks
 * at a fixed pace whatever the load, so freed chunks can be reused. Nothing to do for other databases.
 */
public final class ChunkCompaction implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChunkCompaction.class);
    /** Chunks filled below this (percent) have their live pages rewritten. */
    private static final int TARGET_FILL_RATE = 80;
    /** Most bytes rewritten per pass: bounds the pass's cost on the hot path. */
    private static final int BYTES_PER_PASS = 4 << 20;

    private final ScheduledExecutorService timer;

    private ChunkCompaction(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts compaction every {@code periodMillis} on the database behind {@code dataSource}, if it is embedded H2. */
    public static ChunkCompaction start(DataSource dataSource, long periodMillis) throws SQLException {
        MVStore store = H2Store.of(dataSource);
        if (store == null) return new ChunkCompaction(null);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "h2-chunk-compaction");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> pass(store), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return new ChunkCompaction(timer);
    }

    private static void pass(MVStore store) {
        try {
            if (!store.isClosed()) store.compact(TARGET_FILL_RATE, BYTES_PER_PASS);
        } catch (RuntimeException e) {
            log.warn("chunk compaction pass failed (the next one retries): {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
