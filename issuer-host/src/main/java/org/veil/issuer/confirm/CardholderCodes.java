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
import org.veil.issuer.card.OneTimeCodes;

/**
 * The wallet's one-time codes on a card of the customer: mint (the code shown once), list (masked), revoke. A code
 * minted here is one its holder confirms: a payment above the issuer's threshold waits for the holder ({@link Confirmations}).
 */
public final class CardholderCodes {
    private static final long MAX_MINUTES = OneTimeCodes.MAX_LIFETIME_SECONDS / 60;
    private final Issuer issuer;

    public CardholderCodes(Issuer issuer) {
        this.issuer = issuer;
    }

    /** /cards/{id}/one-time-codes[/{codeId}] for the customer (row id) already authenticated. */
    public WalletReply route(String method, long customer, long cardId, String codeSegment, byte[] body) throws SQLException {
        requireOwn(customer, cardId);
        if (codeSegment == null) {
            if (method.equals("GET")) return new WalletReply(200, list(cardId));
            if (!method.equals("POST")) throw ApiError.methodNotAllowed(method, "GET, POST");
            return new WalletReply(201, mint(cardId, JsonBody.parse(body, "maxAmount", "expiresInMinutes", "merchant")));
        }
        if (!method.equals("DELETE")) throw ApiError.methodNotAllowed(method, "DELETE");
        return new WalletReply(200, revoke(cardId, id(codeSegment)));
    }

    private Map<String, Object> mint(long cardId, JsonBody in) throws SQLException {
        long max = in.wholeNumber("maxAmount", "minor units");
        long minutes = in.wholeNumber("expiresInMinutes", "minutes");
        if (minutes < 1 || minutes > MAX_MINUTES) throw new ApiError(400, "'expiresInMinutes' must be 1 to " + MAX_MINUTES + ", got " + minutes);
        OneTimeCodes.Minted m;
        try {
            m = issuer.oneTimeCodes().mint(cardId, max, System.currentTimeMillis() + minutes * 60_000, in.optionalText("merchant"));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, ApiError.oneLine(e.getMessage()));
        } catch (IllegalStateException e) {
            throw new ApiError(409, ApiError.oneLine(e.getMessage()));
        }
        try (Connection c = issuer.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE one_time_codes SET holder_confirms = TRUE WHERE id = ?")) {
            ps.setLong(1, m.id());
            ps.executeUpdate();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("code", m.code());
        out.put("card", cardId);
        out.put("maxAmount", m.maxAmount());
        out.put("currency", m.currency());
        out.put("expiresAt", Instant.ofEpochMilli(m.expiresAt()).toString());
        out.put("merchant", m.merchant());
        out.put("confirmAbove", issuer.confirmations().threshold());
        return out;
    }

    private List<Map<String, Object>> list(long cardId) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Connection c = issuer.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, masked_code, max_amount, merchant_id, expires_at, used_at, revoked_at"
                     + " FROM one_time_codes WHERE card_id = ? ORDER BY id DESC")) {
            ps.setMaxRows(100);
            ps.setLong(1, cardId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("maskedCode", rs.getString(2));
                    m.put("maxAmount", rs.getLong(3));
                    m.put("merchant", rs.getString(4));
                    m.put("expiresAt", Instant.ofEpochMilli(rs.getLong(5)).toString());
                    long used = rs.getLong(6);
                    boolean isUsed = !rs.wasNull();
                    rs.getLong(7);
                    boolean revoked = !rs.wasNull();
                    m.put("status", revoked ? "revoked" : isUsed ? "used" : now >= rs.getLong(5) ? "expired" : "active");
                    m.put("usedAt", isUsed && !revoked ? Instant.ofEpochMilli(used).toString() : null);
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** A revoked code never pays: it is marked used as well, which every payment path already refuses (57). */
    private Map<String, Object> revoke(long cardId, long codeId) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = issuer.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE one_time_codes SET used_at = ?, revoked_at = ?"
                    + " WHERE id = ? AND card_id = ? AND used_at IS NULL")) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setLong(3, codeId);
                ps.setLong(4, cardId);
                if (ps.executeUpdate() == 1) return Map.of("id", codeId, "status", "revoked");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT revoked_at FROM one_time_codes WHERE id = ? AND card_id = ?")) {
                ps.setLong(1, codeId);
                ps.setLong(2, cardId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new ApiError(404, "no one-time code " + codeId + " on card " + cardId);
                    rs.getLong(1);
                    throw new ApiError(409, "one-time code " + codeId + " is already " + (rs.wasNull() ? "used" : "revoked"));
                }
            }
        }
    }

    private void requireOwn(long customer, long cardId) throws SQLException {
        try (Connection c = issuer.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM wallet_cards WHERE card_id = ? AND customer = ?")) {
            ps.setLong(1, cardId);
            ps.setLong(2, customer);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ApiError(404, "no card " + cardId + " in your wallet");
            }
        }
    }

    static long id(String raw) {
        if (raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new ApiError(400, "an id is a number, got " + ApiError.shown(raw));
        }
        return Long.parseLong(raw);
    }
}
