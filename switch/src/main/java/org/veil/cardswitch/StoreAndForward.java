package org.veil.cardswitch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.jpos.iso.MUX;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.Dialect;
import org.veil.storage.GroupCommit;

/**
 * Store-and-forward for messages the issuer must get (reversal and completion advices, and reversals of
 * requests that timed out): kept in the database until the issuer answers anything at all, sent one at a
 * time, first as sent (2420, 2220), then as repeats (2421, 2221) so the issuer recognises redeliveries.
 * Survives restarts.
 */
public class StoreAndForward extends QBeanSupport implements Runnable {
    static final String NAME = "store-and-forward";
    private static final Logger log = LoggerFactory.getLogger(StoreAndForward.class);
    /** Card secrets never rest in the queue: the issuer finds the original by field 56 + 41. */
    private static final int[] NOT_STORED = {2, 14, 35, 45, 52, 55};

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private DataSource ds;
    private GroupCommit durability;
    private long retryMillis;
    private long timeoutMillis;
    private volatile boolean running;
    private Thread sender;

    private record Pending(long id, String muxes, String message, int attempts, String description) {}

    @Override
    protected void initService() {
        ds = SwitchDatabase.get();
        durability = SwitchDatabase.durability();
        retryMillis = cfg.getLong("retry-interval", 10_000);
        timeoutMillis = cfg.getLong("timeout", 5_000);
        NameRegistrar.register(NAME, this);
    }

    @Override
    protected void startService() {
        running = true;
        sender = Thread.ofPlatform().name("store-and-forward").start(this);
    }

    @Override
    protected void stopService() throws InterruptedException {
        running = false;
        if (sender != null) {
            sender.interrupt();
            sender.join(timeoutMillis + 2_000);
        }
    }

    @Override
    protected void destroyService() {
        NameRegistrar.unregister(NAME);
    }

    static StoreAndForward get() {
        StoreAndForward q = NameRegistrar.getIfExists(NAME);
        if (q == null) throw new IllegalStateException(NAME + " is not deployed");
        return q;
    }

    /**
     * Persists a CMF advice for delivery over the given muxes; returns once it is written out, because the
     * caller's next step is an answer (91, or an acknowledgement) that counts on its delivery even after a kill -9.
     */
    void enqueue(ISOMsg advice, List<String> muxes, String description) throws ISOException, SQLException {
        ISOMsg m = (ISOMsg) advice.clone();
        m.unset(NOT_STORED);
        m.setPackager(Dialect.HOST.packager());
        long now = System.currentTimeMillis();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO saf_queue (created_at, muxes, message, description, attempts,"
                     + " next_attempt_at) VALUES (?,?,?,?,0,?)")) {
            ps.setLong(1, now);
            ps.setString(2, String.join(",", muxes));
            ps.setString(3, ISOUtil.hexString(m.pack()));
            ps.setString(4, description);
            ps.setLong(5, now);
            ps.executeUpdate();
        }
        durability.awaitDurable();
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Messages stored and not yet acknowledged by the issuer. */
    int pending() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM saf_queue WHERE delivered_at IS NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                List<Pending> due = due();
                boolean delivered = false;
                for (Pending p : due) {
                    if (!running) break;
                    delivered |= deliver(p);
                }
                if (due.isEmpty() || !delivered) pause();
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (SQLException | RuntimeException e) {
                log.error("store-and-forward: {}", e.toString());
                try {
                    pause();
                } catch (InterruptedException ie) {
                    if (!running) break;
                }
            }
        }
    }

    private void pause() throws InterruptedException {
        lock.lock();
        try {
            work.await(Math.min(retryMillis, 1_000), java.util.concurrent.TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    private List<Pending> due() throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, muxes, message, attempts, description FROM saf_queue"
                     + " WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id FETCH FIRST 100 ROWS ONLY")) {
            ps.setLong(1, System.currentTimeMillis());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)));
            }
        }
        return out;
    }

    /** True when the issuer acknowledged; any answer (00, 25, ...) ends the message's journey. */
    private boolean deliver(Pending p) throws SQLException {
        MUX mux = firstConnected(p.muxes());
        if (mux == null) {
            postpone(p.id(), p.attempts());
            return false;
        }
        ISOMsg m;
        try {
            m = new ISOMsg();
            m.setPackager(Dialect.HOST.packager());
            m.unpack(ISOUtil.hex2byte(p.message()));
            if (p.attempts() > 0) m.setMTI(m.getMTI().substring(0, 3) + '1');
        } catch (ISOException e) {
            log.error("store-and-forward: stored message {} cannot be unpacked, parked: {}", p.id(), e.getMessage());
            markDelivered(p.id(), "9999");
            return false;
        }
        // counted before sending: after a crash mid-send the next try is a repeat (2421)
        postpone(p.id(), p.attempts() + 1);
        ISOMsg answer;
        try {
            answer = mux.request(m, timeoutMillis);
        } catch (ISOException e) {
            answer = null;
        }
        if (answer == null) {
            log.info("store-and-forward: no answer to {} (attempt {}), retry in {} ms", p.description(), p.attempts() + 1, retryMillis);
            return false;
        }
        markDelivered(p.id(), answer.getString(39));
        log.info("store-and-forward: {} acknowledged by the issuer with {}", p.description(), answer.getString(39));
        return true;
    }

    private static MUX firstConnected(String muxes) {
        for (String name : muxes.split(",")) {
            Object o = NameRegistrar.getIfExists(name);
            if (o instanceof MUX mux && mux.isConnected()) return mux;
        }
        return null;
    }

    private void postpone(long id, int attempts) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE saf_queue SET attempts = ?, next_attempt_at = ? WHERE id = ?")) {
            ps.setInt(1, attempts);
            ps.setLong(2, System.currentTimeMillis() + retryMillis);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }

    private void markDelivered(long id, String hostRc) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE saf_queue SET delivered_at = ?, host_rc = ? WHERE id = ?")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setString(2, hostRc);
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }
}
