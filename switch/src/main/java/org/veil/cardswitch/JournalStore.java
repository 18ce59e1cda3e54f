package org.veil.cardswitch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.jpos.core.ConfigurationException;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.storage.DatabaseSetting;
import org.veil.storage.KeyFilter;

/**
 * The journal: rows are written in batches by one thread so the hot path never waits on the
 * database, and keys stay in an in-memory map until their row is committed, so a duplicate
 * check that looks at the map first and the table second never misses a request. The table
 * is looked at only for a key its filter ({@link KeyFilter}) cannot rule out.
 */
public class JournalStore extends QBeanSupport implements Runnable {
    static final String NAME = "journal-store";
    private static final Logger log = LoggerFactory.getLogger(JournalStore.class);
    private static final String INSERT = "INSERT INTO journal (received_at, dialect, mti, response_mti, idem_key, repeat_of,"
            + " fingerprint, terminal_id, merchant_id, stan, transmission, rrn, masked_pan, processing_code, amount, currency,"
            + " link, host_rc, response_code, outcome, elapsed_micros, answer, fault) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private final ConcurrentHashMap<String, KnownRequest> unwritten = new ConcurrentHashMap<>();
    private final LongAdder tableLookups = new LongAdder();
    private KeyFilter journaled;
    private BlockingQueue<JournalEntry> queue;
    private DataSource ds;
    private Thread writer;
    private volatile boolean running;
    private int batch;

    @Override
    protected void initService() throws ConfigurationException {
        ds = SwitchDatabase.get();
        try {
            queue = new ArrayBlockingQueue<>(rowCount("queue-size", 65536));
            batch = rowCount("batch-size", 512);
            long expectedKeys = DatabaseSetting.atLeastOne("expected-keys", cfg::get, 10_000_000);
            journaled = new KeyFilter(expectedKeys);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ConfigurationException("journal-store: " + e.getMessage(), e);
        }
        loadJournaledKeys();
        NameRegistrar.register(NAME, this);
    }

    private int rowCount(String name, int otherwise) {
        long n = DatabaseSetting.atLeastOne(name, cfg::get, otherwise);
        if (n > 1 << 24) throw new IllegalStateException(name + ": at most " + (1 << 24) + " rows, got " + n);
        return (int) n;
    }

    @Override
    protected void startService() {
        running = true;
        writer = Thread.ofPlatform().name("journal-writer").start(this);
    }

    @Override
    protected void stopService() throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.interrupt();
            writer.join(10_000);
        }
        flush(drain()); // what arrived while stopping
    }

    @Override
    protected void destroyService() {
        NameRegistrar.unregister(NAME);
    }

    static JournalStore get() {
        JournalStore s = NameRegistrar.getIfExists(NAME);
        if (s == null) throw new IllegalStateException(NAME + " is not deployed");
        return s;
    }

    /**
     * Takes the key for a new request, or returns who holds it: the in-flight or unwritten
     * request, else the journaled one.
     */
    KnownRequest claim(String key, String fingerprint) throws SQLException {
        KnownRequest held = unwritten.get(key);
        if (held != null) return held;
        if (journaled.mightContain(key)) {
            held = find(key);
            if (held != null) return held;
        }
        return unwritten.putIfAbsent(key, new KnownRequest(fingerprint));
    }

    /** Queues a row; the answer of the key it owns is visible to duplicate checks at once. */
    void record(JournalEntry e, String answerDialect) {
        if (e.idemKey() != null) {
            KnownRequest k = unwritten.get(e.idemKey());
            if (k != null) k.answered(e.answer(), answerDialect);
        }
        try {
            queue.put(e); // a full queue slows the edges down instead of losing rows
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the key's request is in flight or answered but its row not yet committed. */
    boolean isUnwritten(String key) {
        return unwritten.containsKey(key);
    }

    /** How many duplicate checks have looked in the journal table (the filter could not rule the key out). */
    long tableLookups() {
        return tableLookups.sum();
    }

    private KnownRequest find(String key) throws SQLException {
        tableLookups.increment();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT fingerprint, answer, dialect FROM journal WHERE idem_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new KnownRequest(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }

    /** Every key the table already holds goes into the filter before the edges open: repeats across a restart are found. */
    private void loadJournaledKeys() throws ConfigurationException {
        long started = System.nanoTime();
        long n;
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT idem_key FROM journal WHERE idem_key IS NOT NULL")) {
            n = journaled.learn(rs);
        } catch (SQLException e) {
            throw new ConfigurationException("journal-store: cannot read the journal's keys: " + e.getMessage(), e);
        }
        log.info("journal: {} keys in the duplicate-check filter ({} MB) in {} ms", n, journaled.bits() >>> 23,
                (System.nanoTime() - started) / 1_000_000);
        if (n > journaled.expectedKeys()) {
            log.warn("journal: {} keys, more than the filter is sized for ({}): duplicate checks look in the table more"
                    + " often; raise expected-keys in 11_journal.xml", n, journaled.expectedKeys());
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                JournalEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<JournalEntry> rows = new ArrayList<>(batch);
                rows.add(first);
                queue.drainTo(rows, batch - 1);
                flush(rows);
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (RuntimeException e) {
                log.error("journal writer: {}", e.toString());
            }
        }
    }

    private List<JournalEntry> drain() {
        List<JournalEntry> rows = new ArrayList<>();
        queue.drainTo(rows);
        return rows;
    }

    private void flush(List<JournalEntry> rows) {
        if (rows.isEmpty()) return;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (JournalEntry e : rows) {
                    bind(ps, e);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException batchFailure) {
                c.rollback();
                insertOneByOne(c, rows, batchFailure);
            }
        } catch (SQLException e) {
            log.error("journal: {} rows not written: {}", rows.size(), e.getMessage());
        } finally {
            for (JournalEntry e : rows) {
                if (e.idemKey() == null) continue;
                journaled.add(e.idemKey()); // before the map forgets it: a key is always in one or the other
                forgetWritten(e.idemKey());
            }
        }
    }

    /** A written key is found in the table from now on; keep the map small. */
    private void forgetWritten(String key) {
        KnownRequest k = unwritten.get(key);
        if (k != null && k.answer() != null) unwritten.remove(key, k);
    }

    private void insertOneByOne(Connection c, List<JournalEntry> rows, SQLException cause) throws SQLException {
        log.warn("journal batch failed ({}), writing rows one by one", cause.getMessage());
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (JournalEntry e : rows) {
                try {
                    bind(ps, e);
                    ps.executeUpdate();
                    c.commit();
                } catch (SQLException one) {
                    c.rollback();
                    log.error("journal row for {} {} not written: {}", e.terminalId(), e.stan(), one.getMessage());
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, JournalEntry e) throws SQLException {
        int i = 1;
        ps.setLong(i++, e.receivedAt());
        ps.setString(i++, e.dialect());
        ps.setString(i++, e.mti());
        ps.setString(i++, e.responseMti());
        ps.setString(i++, e.idemKey());
        ps.setString(i++, e.repeatOf());
        ps.setString(i++, e.fingerprint());
        ps.setString(i++, e.terminalId());
        ps.setString(i++, e.merchantId());
        ps.setString(i++, e.stan());
        ps.setString(i++, e.transmission());
        ps.setString(i++, e.rrn());
        ps.setString(i++, e.maskedPan());
        ps.setString(i++, e.processingCode());
        if (e.amount() == null) ps.setNull(i++, Types.BIGINT);
        else ps.setLong(i++, e.amount());
        ps.setString(i++, e.currency());
        ps.setString(i++, e.link());
        ps.setString(i++, e.hostRc());
        ps.setString(i++, e.responseCode());
        ps.setString(i++, e.outcome());
        ps.setLong(i++, e.elapsedMicros());
        ps.setString(i++, e.answer());
        ps.setString(i, e.fault());
    }
}
