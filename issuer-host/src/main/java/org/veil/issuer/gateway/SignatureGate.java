package org.veil.issuer.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.veil.http.ApiError;

/**
 * Admits a shop request only when its {@link ShopSigner} header names a registered key, its timestamp is within the
 * window of now, its signature verifies, and that signature was never admitted before. Admitted signatures are kept
 * (committed, so durable with the answer) for twice the window: a replay inside the window is refused, one after it is
 * refused for its timestamp. Every refusal is a 401 with one line that tells which check failed, never the secret.
 */
final class SignatureGate {
    private static final Pattern HEADER = Pattern.compile(Pattern.quote(ShopSigner.SCHEME)
            + " keyId=([A-Za-z0-9_-]{1,40}),ts=([0-9]{1,12}),nonce=([A-Za-z0-9_-]{16,64}),sig=([0-9a-f]{64})");
    private static final String UNIQUE_VIOLATION = "23505";
    private final DataSource dataSource;
    private final GatewayMerchants merchants;
    private final long windowSeconds;

    SignatureGate(DataSource dataSource, GatewayMerchants merchants, long windowSeconds) {
        this.dataSource = dataSource;
        this.merchants = merchants;
        this.windowSeconds = windowSeconds;
    }

    long windowSeconds() {
        return windowSeconds;
    }

    GatewayMerchant admit(String authorization, String method, String path, byte[] body, long nowMillis) throws SQLException {
        if (authorization == null) throw new ApiError(401, "this call needs 'Authorization: " + ShopSigner.SCHEME + " keyId=...,ts=...,nonce=...,sig=...' (see README)");
        Matcher m = HEADER.matcher(authorization.strip());
        if (!m.matches()) throw new ApiError(401, "the Authorization header must be '" + ShopSigner.SCHEME + " keyId=<id>,ts=<unix seconds>,nonce=<16 to 64 of A-Za-z0-9_->,sig=<64 hex>'");
        long ts = Long.parseLong(m.group(2));
        if (Math.abs(nowMillis / 1000 - ts) > windowSeconds) {
            throw new ApiError(401, "the request timestamp is more than " + windowSeconds + " s from the gateway's clock: sign it again now");
        }
        String sig = m.group(4);
        try (Connection c = dataSource.getConnection()) {
            GatewayMerchant g = merchants.byKeyId(c, m.group(1));
            if (g == null) throw new ApiError(401, "unknown key id");
            if (!ShopSigner.same(ShopSigner.signature(g.secret(), ts, m.group(3), method, path, body), sig)) {
                throw new ApiError(401, "bad signature (HMAC-SHA256 of timestamp, nonce, method, path and body, each but the body followed by a newline)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gateway_signatures (signature, seen_at) VALUES (?,?)")) {
                ps.setString(1, sig);
                ps.setLong(2, nowMillis);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) throw new ApiError(401, "replayed request: this signature was already used; sign each request anew");
                throw e;
            }
            return g;
        }
    }

    /** Forgets signatures older than twice the window: their timestamps alone refuse them now. */
    int forget(long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM gateway_signatures WHERE seen_at < ?")) {
            ps.setLong(1, nowMillis - 2 * windowSeconds * 1000);
            return ps.executeUpdate();
        }
    }
}
