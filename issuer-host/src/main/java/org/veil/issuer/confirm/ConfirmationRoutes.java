package org.veil.issuer.confirm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.issuer.Issuer;

/** The wallet's /confirmations: the payments waiting for the customer, and the customer's approval or refusal of one. */
public final class ConfirmationRoutes {
    private final Issuer issuer;

    public ConfirmationRoutes(Issuer issuer) {
        this.issuer = issuer;
    }

    /** /confirmations or /confirmations/{id} for the customer (row id) already authenticated. */
    public WalletReply route(String method, long customer, List<String> p, byte[] body) throws SQLException {
        if (p.size() == 1) {
            if (!method.equals("GET")) throw ApiError.methodNotAllowed(method, "GET");
            return new WalletReply(200, pending(customer));
        }
        if (p.size() == 2) {
            if (!method.equals("POST")) throw ApiError.methodNotAllowed(method, "POST");
            JsonBody in = JsonBody.parse(body, "approve");
            Boolean approve = in.flag("approve");
            if (approve == null) throw new ApiError(400, "'approve' is required (true or false)");
            return new WalletReply(200, decide(customer, CardholderCodes.id(p.get(1)), approve));
        }
        throw new ApiError(404, "no such resource (the API has /confirmations and /confirmations/{id})");
    }

    private List<Map<String, Object>> pending(long customer) throws SQLException {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = issuer.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pc.id, pc.card_id, w.name, k.masked_pan, pc.masked_code, pc.amount,"
                     + " pc.currency, pc.merchant_id, pc.deadline FROM payment_confirmations pc JOIN wallet_cards w ON w.card_id = pc.card_id"
                     + " JOIN cards k ON k.id = pc.card_id WHERE w.customer = ? AND pc.status = ? AND pc.deadline > ? ORDER BY pc.id")) {
            ps.setLong(1, customer);
            ps.setString(2, Confirmations.PENDING);
            ps.setLong(3, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("card", rs.getLong(2));
                    m.put("cardName", rs.getString(3));
                    m.put("maskedPan", rs.getString(4));
                    m.put("maskedCode", rs.getString(5));
                    m.put("amount", rs.getLong(6));
                    m.put("currency", rs.getString(7));
                    m.put("merchant", rs.getString(8));
                    m.put("deadline", Instant.ofEpochMilli(rs.getLong(9)).toString());
                    out.add(m);
                }
            }
        }
        return out;
    }

    private Map<String, Object> decide(long customer, long id, boolean approve) throws SQLException {
        long now = System.currentTimeMillis();
        String status = approve ? Confirmations.APPROVED : Confirmations.REFUSED;
        try (Connection c = issuer.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE payment_confirmations SET status = ?, decided_at = ? WHERE id = ?"
                    + " AND status = ? AND deadline > ? AND card_id IN (SELECT card_id FROM wallet_cards WHERE customer = ?)")) {
                ps.setString(1, status);
                ps.setLong(2, now);
                ps.setLong(3, id);
                ps.setString(4, Confirmations.PENDING);
                ps.setLong(5, now);
                ps.setLong(6, customer);
                if (ps.executeUpdate() == 1) {
                    issuer.groupCommit().awaitDurable(); // the answer leaves (and the payment goes on) once the choice is durable
                    issuer.confirmations().decided(id);
                    return Map.of("id", id, "status", status);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pc.status, pc.deadline FROM payment_confirmations pc"
                    + " JOIN wallet_cards w ON w.card_id = pc.card_id WHERE pc.id = ? AND w.customer = ?")) {
                ps.setLong(1, id);
                ps.setLong(2, customer);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new ApiError(404, "no confirmation " + id + " for you");
                    String was = rs.getString(1);
                    if (Confirmations.PENDING.equals(was)) was = Confirmations.EXPIRED; // past its deadline: the payment is declined
                    throw new ApiError(409, "confirmation " + id + " is already " + was.toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
    }
}
