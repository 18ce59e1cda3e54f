package org.veil.issuer.host;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.issuer.admin.CardLoader;
import org.veil.packagers.ResponseCode;
import org.veil.storage.KeyFilter;

/**
 * The request log: idempotency (one row per key), stored answers, and the originals reversals look for. A key that
 * {@link KeyFilter} rules out is not looked up: nearly every request is new. The filter holds every key of the table
 * that a host request can carry: it learns each key before its row is inserted here, and those already in the table
 * from {@link #learnKeys}; until that scan has finished, every key is looked up. The admin loads' keys
 * ({@link CardLoader#KEY_PREFIX}) are left out: no host request can carry one, since a terminal id has at most 8
 * characters, and with a million cards loaded in bulk reading them took 3 s of a 2-core machine's start.
 */
public final class RequestJournal {
    private static final Logger LOG = LoggerFactory.getLogger(RequestJournal.class);

    private static final String COLUMNS = "SELECT id, request_digest, mti, card_id, amount, currency, response_code,"
            + " approval_code, approved_amount, field54, effect, remaining, hold_id, merchant_account_id, original_id FROM requests WHERE ";
    private static final String INSERT = "INSERT INTO requests (idem_key, request_digest, mti, processing_code, terminal_id,"
            + " merchant_id, rrn, masked_pan, card_id, amount, currency, response_code, approval_code, approved_amount, field54,"
            + " effect, remaining, hold_id, transfer_id, merchant_account_id, original_id, note, created_at)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private final KeyFilter keys;
    private final LongAdder keyLookups = new LongAdder();
    private volatile boolean allKeysLearnt;

    /** A request log that learns its keys into {@code keys}, an empty filter of its own. */
    RequestJournal(KeyFilter keys) {
        this.keys = keys;
    }

    /**
     * Reads the table's keys, but the admin loads', into the filter; from then on a key it rules out is not looked up.
     * Rows inserted meanwhile are learnt by {@link #insert} and {@link #insertReversedBeforeArrival}. A scan that fails
     * leaves every key looked up, as before the filter.
     */
    void learnKeys(DataSource dataSource) {
        long started = System.nanoTime();
        long n;
        // Two ranges of the unique index on either side of the admin loads' keys: the scan never reads those.
        String prefix = CardLoader.KEY_PREFIX;
        String afterPrefix = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT idem_key FROM requests WHERE idem_key < ?"
                     + " UNION ALL SELECT idem_key FROM requests WHERE idem_key >= ?")) {
            ps.setString(1, prefix);
            ps.setString(2, afterPrefix);
            try (ResultSet rs = ps.executeQuery()) {
                n = keys.learn(rs);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("request log: cannot read its keys ({}); every request's key is looked up in the table", e.toString());
            return;
        }
        allKeysLearnt = true;
        LOG.info("request log: {} keys in the repeat-check filter in {} ms", n, (System.nanoTime() - started) / 1_000_000);
        if (n > keys.expectedKeys()) {
            LOG.warn("request log: {} keys, more than its filter is sized for ({}): more keys are looked up; raise"
                    + " request-log-expected-keys in 10_database.xml", n, keys.expectedKeys());
        }
    }

    /** Whether a key is looked up only when the filter cannot rule it out. */
    boolean filtering() {
        return allKeysLearnt;
    }

    /** How many times a key was looked up in the table. */
    long keyLookups() {
        return keyLookups.sum();
    }

    LoggedRequest byKey(Connection c, String key) throws SQLException {
        if (allKeysLearnt && !keys.mightContain(key)) return null;
        keyLookups.increment();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "idem_key = ?")) {
            ps.setString(1, key);
            return read(ps);
        }
    }

    LoggedRequest byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "id = ?")) {
            ps.setLong(1, id);
            return read(ps);
        }
    }

    /** The latest non-reversal request of a terminal with this RRN, optionally of one message class. */
    LoggedRequest byRrn(Connection c, String terminal, String rrn, Character messageClass) throws SQLException {
        String sql = COLUMNS + "terminal_id = ? AND rrn = ? AND mti NOT LIKE '24%'"
                + (messageClass == null ? "" : " AND mti LIKE ?") + " ORDER BY id DESC";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(1);
            ps.setString(1, terminal);
            ps.setString(2, rrn);
            if (messageClass != null) ps.setString(3, "2" + messageClass + "%");
            return read(ps);
        }
    }

    void insert(Connection c, HostRequest r, String key, String digest, Outcome o, long now) throws SQLException {
        keys.add(key); // before the row: a key never is in the table and not in the filter
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, key);
            ps.setString(2, digest);
            ps.setString(3, r.mti());
            ps.setString(4, r.processingCode());
            ps.setString(5, r.terminal());
            ps.setString(6, r.merchant());
            ps.setString(7, r.rrn());
            ps.setString(8, r.maskedPan());
            setLong(ps, 9, o.cardId);
            setLong(ps, 10, r.amount());
            ps.setString(11, o.currency != null ? o.currency : r.currency());
            ps.setString(12, o.rc.hostCode());
            ps.setString(13, o.approvalCode);
            setLong(ps, 14, o.approvedAmount);
            ps.setString(15, o.balances);
            ps.setString(16, o.effect);
            ps.setLong(17, o.remaining);
            setLong(ps, 18, o.holdId);
            setLong(ps, 19, o.transferId);
            setLong(ps, 20, o.merchantAccountId);
            setLong(ps, 21, o.originalId);
            ps.setString(22, o.note);
            ps.setLong(23, now);
            ps.executeUpdate();
        }
    }

    /**
     * Records that the original a reversal names was reversed before it arrived (requests on one link are
     * decided concurrently, and a store-and-forward reversal can overtake its original): the row takes the
     * original's key, so the original, when it comes, finds it as its prior and moves no money.
     */
    void insertReversedBeforeArrival(Connection c, HostRequest reversal, long now) throws SQLException {
        keys.add(reversal.originalKey());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO requests (idem_key, request_digest, mti, terminal_id,"
                + " merchant_id, rrn, response_code, effect, remaining, note, created_at) VALUES (?,?,?,?,?,?,?,?,0,?,?)")) {
            ps.setString(1, reversal.originalKey());
            ps.setString(2, "");
            ps.setString(3, reversal.originalMti());
            ps.setString(4, reversal.terminal());
            ps.setString(5, reversal.merchant());
            ps.setString(6, reversal.rrn());
            ps.setString(7, ResponseCode.DO_NOT_HONOR.hostCode());
            ps.setString(8, LoggedRequest.REVERSED_BEFORE_ARRIVAL);
            ps.setString(9, "reversed by " + reversal.mti() + " before it arrived");
            ps.setLong(10, now);
            ps.executeUpdate();
        }
    }

    /** What remains in force of an original after a capture or reversal. */
    void updateOriginal(Connection c, long id, String effect, long remaining, Long holdId, Long transferId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE requests SET effect = ?, remaining = ?, hold_id = ?, transfer_id = COALESCE(?, transfer_id) WHERE id = ?")) {
            ps.setString(1, effect);
            ps.setLong(2, remaining);
            setLong(ps, 3, holdId);
            setLong(ps, 4, transferId);
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT); else ps.setLong(i, v);
    }

    private static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static LoggedRequest read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            return new LoggedRequest(rs.getLong(1), rs.getString(2), rs.getString(3), getLong(rs, 4), getLong(rs, 5),
                    rs.getString(6), rs.getString(7), rs.getString(8), getLong(rs, 9), rs.getString(10), rs.getString(11),
                    rs.getLong(12), getLong(rs, 13), getLong(rs, 14), getLong(rs, 15));
        }
    }
}
