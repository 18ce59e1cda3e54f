package org.veil.issuer.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The gateway_orders rows: read (under the row's lock where a decision follows), written side by side, decided once. */
final class OrderBook {
    private static final String COLUMNS = "SELECT id, merchant_id, order_id, kind, status, customer, card_id, wallet_amount, shop_amount,"
            + " shop_currency, expires_at, stan, transmission, reason, response_code, approval_code, amount, currency, decided_at FROM gateway_orders WHERE ";

    Order lock(Connection c, String merchantId, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "merchant_id = ? AND order_id = ? FOR UPDATE")) {
            ps.setString(1, merchantId);
            ps.setString(2, orderId);
            return read(ps);
        }
    }

    Order byId(Connection c, long id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setLong(1, id);
            return read(ps);
        }
    }

    Order find(Connection c, String merchantId, String orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "merchant_id = ? AND order_id = ?")) {
            ps.setString(1, merchantId);
            ps.setString(2, orderId);
            return read(ps);
        }
    }

    /** A new order with its first side; returns its row id. */
    long insert(Connection c, String merchantId, String orderId, String kind, long expiresAt, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gateway_orders (merchant_id, order_id, kind, status, expires_at, created_at)"
                + " VALUES (?,?,?,?,?,?)", new String[] {"id"})) {
            ps.setString(1, merchantId);
            ps.setString(2, orderId);
            ps.setString(3, kind);
            ps.setString(4, Order.PENDING);
            ps.setLong(5, expiresAt);
            ps.setLong(6, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    void setWallet(Connection c, long id, long customer, long cardId, long amount, String items, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE gateway_orders SET customer = ?, card_id = ?, wallet_amount = ?, items = ?, wallet_at = ? WHERE id = ?")) {
            ps.setLong(1, customer);
            ps.setLong(2, cardId);
            ps.setLong(3, amount);
            ps.setString(4, items);
            ps.setLong(5, now);
            ps.setLong(6, id);
            ps.executeUpdate();
        }
    }

    void setShop(Connection c, long id, long amount, String currency, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE gateway_orders SET shop_amount = ?, shop_currency = ?, shop_at = ? WHERE id = ?")) {
            ps.setLong(1, amount);
            if (currency == null) ps.setNull(2, Types.CHAR); else ps.setString(2, currency);
            ps.setLong(3, now);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** Sent to the authorization path under this idempotency key (stan + transmission), kept first so a retry repeats it. */
    void authorizing(Connection c, long id, String stan, String transmission) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE gateway_orders SET status = ?, stan = ?, transmission = ? WHERE id = ?")) {
            ps.setString(1, Order.AUTHORIZING);
            ps.setString(2, stan);
            ps.setString(3, transmission);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    /** A one-time code order's code, kept sealed until the order is decided: it can be decided without the shop after a restart. */
    void holdCode(Connection c, long id, byte[] sealed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE gateway_orders SET held_code = ? WHERE id = ?")) {
            ps.setBytes(1, sealed);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /**
     * An order sent to the authorization path now waits for its cardholder until about {@code deadline} (its expiry from
     * now on). Only from AUTHORIZING: a decision that came first stands.
     */
    void confirming(Connection c, long id, long deadline) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE gateway_orders SET status = ?, expires_at = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, Order.CONFIRMING);
            ps.setLong(2, deadline);
            ps.setLong(3, id);
            ps.setString(4, Order.AUTHORIZING);
            ps.executeUpdate();
        }
    }

    /** The sealed one-time code of an undecided code order, or null. */
    byte[] heldCode(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT held_code FROM gateway_orders WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** Decided: the decision written and a held code erased. */
    void decide(Connection c, long id, boolean approved, String reason, String responseCode, String approvalCode, Long amount, String currency,
                long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE gateway_orders SET status = ?, reason = ?, response_code = ?, approval_code = ?,"
                + " amount = ?, currency = ?, decided_at = ?, held_code = NULL WHERE id = ?")) {
            ps.setString(1, approved ? Order.APPROVED : Order.DECLINED);
            ps.setString(2, reason);
            ps.setString(3, responseCode);
            ps.setString(4, approvalCode);
            if (amount == null) ps.setNull(5, Types.BIGINT); else ps.setLong(5, amount);
            ps.setString(6, currency);
            ps.setLong(7, now);
            ps.setLong(8, id);
            ps.executeUpdate();
        }
    }

    /** Ids of orders in {@code status} whose expiry has passed (PENDING) or that were sent before it (AUTHORIZING, CONFIRMING). */
    List<Long> due(Connection c, String status, long before, int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        String when = status.equals(Order.PENDING) ? "expires_at <= ?" : "created_at <= ?";
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM gateway_orders WHERE status = ? AND " + when + " ORDER BY id FETCH FIRST "
                + limit + " ROWS ONLY")) {
            ps.setString(1, status);
            ps.setLong(2, before);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static Order read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            return new Order(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), nullable(rs, 6), nullable(rs, 7),
                    nullable(rs, 8), nullable(rs, 9), rs.getString(10), rs.getLong(11), rs.getString(12), rs.getString(13), rs.getString(14),
                    rs.getString(15), rs.getString(16), nullable(rs, 17), rs.getString(18), nullable(rs, 19));
        }
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
