package org.veil.issuer.gateway;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.issuer.Issuer;
import org.veil.issuer.card.Product;

/** Partner shops: registered with a key id and a secret told once; found by key id (a request) or merchant id (a purchase). */
final class GatewayMerchants {
    static final long MAX_ORDER_SECONDS = 7 * 24 * 3600;
    private static final String COLUMNS = "SELECT merchant_id, name, key_id, secret_cipher, result_mode, callback_url, order_seconds FROM gateway_merchants WHERE ";
    private final Issuer issuer;
    private final MerchantSecrets secrets;
    private final long defaultOrderSeconds;

    GatewayMerchants(Issuer issuer, MerchantSecrets secrets, long defaultOrderSeconds) {
        this.issuer = issuer;
        this.secrets = secrets;
        this.defaultOrderSeconds = defaultOrderSeconds;
    }

    /** {merchantId, name, resultMode, callbackUrl (push only), orderSeconds (optional)}: 201 with the key id and the secret, once. */
    Map<String, Object> register(JsonBody in) throws SQLException {
        String id = merchantId(in.text("merchantId"));
        String name = in.text("name").strip();
        if (name.length() > 64 || !name.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) throw new ApiError(400, "'name' is 1 to 64 printable characters");
        ResultMode mode;
        try {
            mode = ResultMode.parse(in.text("resultMode"));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
        String url = in.optionalText("callbackUrl");
        if (mode == ResultMode.PUSH && url == null) throw new ApiError(400, "'callbackUrl' is required for resultMode push");
        if (mode != ResultMode.PUSH && url != null) throw new ApiError(400, "'callbackUrl' is only for resultMode push");
        if (url != null) callback(url);
        Long seconds = in.optionalWholeNumber("orderSeconds", "seconds");
        long orderSeconds = seconds == null ? defaultOrderSeconds : seconds;
        if (orderSeconds < 1 || orderSeconds > MAX_ORDER_SECONDS) throw new ApiError(400, "'orderSeconds' must be 1 to " + MAX_ORDER_SECONDS);
        String keyId = secrets.newKeyId();
        String secret = secrets.newSecret();
        try (Connection c = issuer.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (find(c, "merchant_id = ?", id) != null) throw new ApiError(409, "merchant " + id + " is already registered with the gateway");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO gateway_merchants (merchant_id, name, key_id, secret_cipher, result_mode,"
                        + " callback_url, order_seconds, created_at) VALUES (?,?,?,?,?,?,?,?)")) {
                    ps.setString(1, id);
                    ps.setString(2, name);
                    ps.setString(3, keyId);
                    ps.setBytes(4, secrets.seal(keyId, secret));
                    ps.setString(5, mode.name());
                    if (url == null) ps.setNull(6, Types.VARCHAR); else ps.setString(6, url);
                    ps.setLong(7, orderSeconds);
                    ps.setLong(8, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        // Its settlement accounts, one per currency we issue in, as an ISO merchant's open on its first payment.
        for (String currency : new TreeSet<>(issuer.products().all().stream().map(Product::currency).toList())) issuer.accounts().merchant(id, currency);
        Map<String, Object> m = view(new GatewayMerchant(id, name, keyId, null, mode, url, orderSeconds));
        m.put("secret", secret);
        m.put("note", "the secret is shown only now: keep it; requests are signed with it (see README, payment gateway)");
        return m;
    }

    GatewayMerchant byKeyId(Connection c, String keyId) throws SQLException {
        return find(c, "key_id = ?", keyId);
    }

    GatewayMerchant byMerchantId(Connection c, String merchantId) throws SQLException {
        return find(c, "merchant_id = ?", merchantId);
    }

    static Map<String, Object> view(GatewayMerchant g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("merchantId", g.merchantId());
        m.put("name", g.name());
        m.put("keyId", g.keyId());
        m.put("resultMode", g.mode().wire());
        m.put("callbackUrl", g.callbackUrl());
        m.put("orderSeconds", g.orderSeconds());
        return m;
    }

    static String merchantId(String id) {
        if (id.isEmpty() || id.length() > 15 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ApiError(400, "a merchant id (field 42) is 1 to 15 printable characters without spaces, got " + ApiError.shown(id));
        }
        return id;
    }

    private static void callback(String url) {
        try {
            URI u = new URI(url);
            if ((!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) || u.getHost() == null || u.getRawFragment() != null) {
                throw new URISyntaxException(url, "scheme");
            }
        } catch (URISyntaxException e) {
            throw new ApiError(400, "'callbackUrl' must be an absolute http(s) URL, got " + ApiError.shown(url));
        }
    }

    private GatewayMerchant find(Connection c, String where, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + where)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                String keyId = rs.getString(3);
                return new GatewayMerchant(rs.getString(1), rs.getString(2), keyId, secrets.open(keyId, rs.getBytes(4)),
                        ResultMode.valueOf(rs.getString(5)), rs.getString(6), rs.getLong(7));
            }
        }
    }
}
