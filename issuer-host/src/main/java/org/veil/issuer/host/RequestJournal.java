package org.veil.issuer.host;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.veil.packagers.ResponseCode;

/** The request log: idempotency (one row per key), stored answers, and the originals reversals look for. */
public final class RequestJournal {
    private static final String COLUMNS = "SELECT id, request_digest, mti, card_id, amount, currency, response_code,"
            + " approval_code, approved_amount, field54, effect, remaining, hold_id, merchant_account_id, original_id FROM requests WHERE ";
    private static final String INSERT = "INSERT INTO requests (idem_key, request_digest, mti, processing_code, terminal_id,"
            + " merchant_id, rrn, masked_pan, card_id, amount, currency, response_code, approval_code, approved_amount, field54,"
            + " effect, remaining, hold_id, transfer_id, merchant_account_id, original_id, note, created_at)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    LoggedRequest byKey(Connection c, String key) throws SQLException {
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
