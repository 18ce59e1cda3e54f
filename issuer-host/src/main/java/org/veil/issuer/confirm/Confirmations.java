package org.veil.issuer.confirm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cardholder's confirmation of a payment with a one-time code (system 4): the decision core shared by the host link
 * (ISO, short deadline) and any other channel (a gateway, longer deadline). A payment above {@link #threshold()} with a
 * code its holder minted in the wallet is not decided until the holder approves or refuses it, or its deadline passes.
 * The row in payment_confirmations is the truth; the futures here only wake whoever waits for it, so no thread waits.
 */
public final class Confirmations {
    /** What the payment path learns about a request's confirmation. */
    public enum Verdict { NOT_NEEDED, APPROVED, REFUSED, EXPIRED, MISMATCH, ASK }

    public static final String PENDING = "PENDING";
    public static final String APPROVED = "APPROVED";
    public static final String REFUSED = "REFUSED";
    public static final String EXPIRED = "EXPIRED";

    /** A payment to put to its holder: named by the request's idempotency key. */
    public record Ask(String requestKey, long cardId, long codeId, String maskedCode, long amount, String currency, String merchant) {}

    private static final Logger LOG = LoggerFactory.getLogger(Confirmations.class);
    private final DataSource dataSource;
    private final ConcurrentHashMap<Long, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "confirmation-deadlines");
        t.setDaemon(true);
        return t;
    });
    private volatile long threshold = 10_000;
    private volatile long isoDeadlineMillis = 4_000;

    public Confirmations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Settings from cfg: payments above {@code threshold} minor units wait; the host link waits at most {@code isoDeadlineMillis}. */
    public void configure(long threshold, long isoDeadlineMillis) {
        if (threshold < 0) throw new IllegalArgumentException("confirm-above must be 0 or more minor units, got " + threshold);
        if (isoDeadlineMillis < 100 || isoDeadlineMillis > 60_000) {
            throw new IllegalArgumentException("iso-deadline-ms must be 100 to 60000, got " + isoDeadlineMillis);
        }
        this.threshold = threshold;
        this.isoDeadlineMillis = isoDeadlineMillis;
    }

    public long threshold() {
        return threshold;
    }

    public long isoDeadlineMillis() {
        return isoDeadlineMillis;
    }

    /**
     * In the payment's transaction, once the code and the card have passed every other check: whether this payment may
     * go on. ASK: roll back and {@link #open} it; APPROVED or NOT_NEEDED: go on; REFUSED or EXPIRED: decline; MISMATCH:
     * the key was confirmed for another payment (a clash, 94).
     */
    public Verdict verdict(Connection c, String requestKey, long codeId, long amount, long now) throws SQLException {
        if (!holderConfirms(c, codeId) || amount <= threshold) return Verdict.NOT_NEEDED;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status, deadline, code_id, amount FROM payment_confirmations"
                + " WHERE request_key = ?")) {
            ps.setString(1, requestKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Verdict.ASK;
                if (rs.getLong(4) != codeId || rs.getLong(5) != amount) return Verdict.MISMATCH;
                return switch (rs.getString(2)) {
                    case APPROVED -> Verdict.APPROVED;
                    case REFUSED -> Verdict.REFUSED;
                    case EXPIRED -> Verdict.EXPIRED;
                    default -> {
                        if (now < rs.getLong(3)) yield Verdict.ASK;
                        expire(c, rs.getLong(1), now); // its deadline passed while nobody waited (a restart)
                        yield Verdict.EXPIRED;
                    }
                };
            }
        }
    }

    /**
     * Puts the payment to its holder (or finds it already put, for a repeat) until {@code deadlineMillis} from now, and
     * returns what completes once it is decided or expired: then decide the request again.
     */
    public CompletableFuture<Void> open(Ask ask, long deadlineMillis) throws SQLException {
        long now = System.currentTimeMillis();
        long id;
        long deadline;
        try (Connection c = dataSource.getConnection()) {
            Long[] found = find(c, ask.requestKey());
            if (found == null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO payment_confirmations (request_key, card_id, code_id, masked_code,"
                        + " amount, currency, merchant_id, status, deadline, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)", new String[] {"id"})) {
                    ps.setString(1, ask.requestKey());
                    ps.setLong(2, ask.cardId());
                    ps.setLong(3, ask.codeId());
                    ps.setString(4, ask.maskedCode());
                    ps.setLong(5, ask.amount());
                    ps.setString(6, ask.currency());
                    if (ask.merchant() == null) ps.setNull(7, Types.VARCHAR); else ps.setString(7, ask.merchant());
                    ps.setString(8, PENDING);
                    ps.setLong(9, now + deadlineMillis);
                    ps.setLong(10, now);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        found = new Long[] {keys.getLong(1), now + deadlineMillis};
                    }
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) throw e;
                    found = find(c, ask.requestKey()); // a repeat put it first
                }
            }
            id = found[0];
            deadline = found[1];
        }
        CompletableFuture<Void> f = waiting.computeIfAbsent(id, k -> {
            CompletableFuture<Void> fresh = new CompletableFuture<>();
            deadlines.schedule(() -> timeUp(k), Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            return fresh;
        });
        return f;
    }

    /** The holder's answer arrived (committed): wake whoever waits for it. */
    public void decided(long id) {
        CompletableFuture<Void> f = waiting.remove(id);
        if (f != null) f.complete(null);
    }

    private void timeUp(long id) {
        try (Connection c = dataSource.getConnection()) {
            expire(c, id, System.currentTimeMillis());
        } catch (SQLException | RuntimeException e) {
            // the payment path expires it itself when it finds it past its deadline
            LOG.warn("cannot expire confirmation {}: {}", id, e.toString());
        }
        decided(id);
    }

    private static void expire(Connection c, long id, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE payment_confirmations SET status = ?, decided_at = ?"
                + " WHERE id = ? AND status = ? AND deadline <= ?")) {
            ps.setString(1, EXPIRED);
            ps.setLong(2, now);
            ps.setLong(3, id);
            ps.setString(4, PENDING);
            ps.setLong(5, now);
            ps.executeUpdate();
        }
    }

    private static Long[] find(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, deadline FROM payment_confirmations WHERE request_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Long[] {rs.getLong(1), rs.getLong(2)} : null;
            }
        }
    }

    private static boolean holderConfirms(Connection c, long codeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT holder_confirms FROM one_time_codes WHERE id = ?")) {
            ps.setLong(1, codeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Stops the deadline timer (the issuer is stopping). */
    public void close() {
        deadlines.shutdownNow();
    }
}
