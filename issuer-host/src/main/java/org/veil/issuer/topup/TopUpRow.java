package org.veil.issuer.topup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One row of top_ups, and the statements on it (each in the caller's transaction). */
record TopUpRow(long id, long customer, String reference, long cardId, long sourceId, String kind, long amount, String currency,
                String state, String reason, String transferRef, String terminal, String stan, String transmitted, String rrn,
                String approvalCode, String responseCode, String reversal, long createdAt, long updatedAt) {
    static final String BANK = "BANK_TRANSFER";
    static final String CARD = "CREDIT_CARD";
    static final String PENDING = "PENDING";
    static final String AUTHORIZING = "AUTHORIZING";
    static final String REVERSING = "REVERSING";
    static final String COMPLETED = "COMPLETED";
    static final String DECLINED = "DECLINED";
    static final String REFUSED = "REFUSED";
    static final String FAILED = "FAILED";
    static final String RETURNED = "RETURNED";

    private static final String COLUMNS = "id, customer, reference, card_id, source_id, kind, amount, currency, state, reason,"
            + " transfer_ref, terminal_id, stan, transmitted, rrn, approval_code, response_code, reversal, created_at, updated_at";

    boolean inProgress() {
        return state.equals(AUTHORIZING) || state.equals(REVERSING);
    }

    /** The HTTP status that tells this state: done 201, waiting 202, refused in any way 422. */
    int status() {
        return switch (state) {
            case COMPLETED -> 201;
            case PENDING, AUTHORIZING, REVERSING -> 202;
            default -> 422;
        };
    }

    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("reference", reference);
        m.put("card", cardId);
        m.put("source", sourceId);
        m.put("kind", kind.equals(BANK) ? "bank-transfer" : "credit-card");
        m.put("amount", amount);
        m.put("currency", currency);
        m.put("state", state.toLowerCase(Locale.ROOT));
        m.put("reason", reason);
        // a refused top-up answers 422: its reason is also the one line every error carries
        if (status() == 422 && reason != null) m.put("error", reason);
        if (transferRef != null) m.put("transferReference", transferRef);
        if (kind.equals(CARD)) {
            m.put("responseCode", responseCode);
            m.put("approvalCode", approvalCode);
            m.put("reversal", reversal == null ? null : reversal.toLowerCase(Locale.ROOT));
        }
        m.put("createdAt", createdAt);
        m.put("updatedAt", updatedAt);
        return m;
    }

    static TopUpRow byReference(Connection c, long customer, String reference, boolean lock) throws SQLException {
        return one(c, "customer = ? AND reference = ?", lock, ps -> {
            ps.setLong(1, customer);
            ps.setString(2, reference);
        });
    }

    static TopUpRow byId(Connection c, long id, boolean lock) throws SQLException {
        return one(c, "id = ?", lock, ps -> ps.setLong(1, id));
    }

    static TopUpRow byTransferRef(Connection c, String ref, boolean lock) throws SQLException {
        return one(c, "transfer_ref = ?", lock, ps -> ps.setString(1, ref));
    }

    static java.util.List<TopUpRow> ofCustomer(Connection c, long customer) throws SQLException {
        return many(c, "SELECT " + COLUMNS + " FROM top_ups WHERE customer = ? ORDER BY id", ps -> ps.setLong(1, customer));
    }

    static java.util.List<TopUpRow> inState(Connection c, String... states) throws SQLException {
        String marks = String.join(",", java.util.Collections.nCopies(states.length, "?"));
        return many(c, "SELECT " + COLUMNS + " FROM top_ups WHERE state IN (" + marks + ") ORDER BY id", ps -> {
            for (int i = 0; i < states.length; i++) ps.setString(i + 1, states[i]);
        });
    }

    static long insert(Connection c, long customer, String reference, long cardId, long sourceId, String kind, long amount,
                       String currency, String state, String reason, String transferRef, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO top_ups (customer, reference, card_id, source_id, kind, amount,"
                + " currency, state, reason, transfer_ref, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"})) {
            ps.setLong(1, customer);
            ps.setString(2, reference);
            ps.setLong(3, cardId);
            ps.setLong(4, sourceId);
            ps.setString(5, kind);
            ps.setLong(6, amount);
            ps.setString(7, currency);
            ps.setString(8, state);
            ps.setString(9, reason);
            ps.setString(10, transferRef);
            ps.setLong(11, now);
            ps.setLong(12, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The funding message's identity: terminal, STAN, field 7 and RRN, fixed before it is sent. */
    static void setMessage(Connection c, long id, String terminal, String stan, String f7, String rrn) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE top_ups SET terminal_id = ?, stan = ?, transmitted = ?, rrn = ? WHERE id = ?")) {
            ps.setString(1, terminal);
            ps.setString(2, stan);
            ps.setString(3, f7);
            ps.setString(4, rrn);
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    static void setState(Connection c, long id, String state, String reason, Long transferId, String responseCode, String approvalCode,
                         String reversal, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE top_ups SET state = ?, reason = COALESCE(?, reason),"
                + " transfer_id = COALESCE(?, transfer_id), response_code = COALESCE(?, response_code),"
                + " approval_code = COALESCE(?, approval_code), reversal = COALESCE(?, reversal), updated_at = ? WHERE id = ?")) {
            ps.setString(1, state);
            ps.setString(2, reason == null ? null : reason.length() > 300 ? reason.substring(0, 300) : reason);
            if (transferId == null) ps.setNull(3, java.sql.Types.BIGINT); else ps.setLong(3, transferId);
            ps.setString(4, responseCode);
            ps.setString(5, approvalCode);
            ps.setString(6, reversal);
            ps.setLong(7, now);
            ps.setLong(8, id);
            ps.executeUpdate();
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static TopUpRow one(Connection c, String where, boolean lock, Binder b) throws SQLException {
        var rows = many(c, "SELECT " + COLUMNS + " FROM top_ups WHERE " + where + (lock ? " FOR UPDATE" : ""), b);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    private static java.util.List<TopUpRow> many(Connection c, String sql, Binder b) throws SQLException {
        java.util.List<TopUpRow> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            b.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TopUpRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                            rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                            rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16), rs.getString(17), rs.getString(18),
                            rs.getLong(19), rs.getLong(20)));
                }
            }
        }
        return out;
    }
}
