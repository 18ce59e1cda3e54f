package org.veil.issuer.wallet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import org.veil.http.ApiError;

/** Session tokens: 32 random bytes (base64url) told once; only their SHA-256 is kept, with the expiry. */
final class Sessions {
    /** A new session: the token to give the client and when it expires. */
    record Opened(String token, long expiresAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BEARER = "Bearer ";
    private final long lifetimeMillis;

    Sessions(long lifetimeMillis) {
        this.lifetimeMillis = lifetimeMillis;
    }

    Opened open(Connection c, long customer, long now) throws SQLException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_sessions (token_hash, customer, created_at, expires_at)"
                + " VALUES (?,?,?,?)")) {
            ps.setString(1, hash(token));
            ps.setLong(2, customer);
            ps.setLong(3, now);
            ps.setLong(4, now + lifetimeMillis);
            ps.executeUpdate();
        }
        return new Opened(token, now + lifetimeMillis);
    }

    /** The customer (row id) of a live session named by the Authorization header, else 401. */
    long customer(Connection c, String authorization, long now) throws SQLException {
        String hash = hash(token(authorization));
        try (PreparedStatement ps = c.prepareStatement("SELECT customer, expires_at FROM wallet_sessions WHERE token_hash = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ApiError(401, "the session token is unknown or was logged out: log in again (POST /sessions)");
                if (rs.getLong(2) <= now) throw new ApiError(401, "the session has expired: log in again (POST /sessions)");
                return rs.getLong(1);
            }
        }
    }

    void close(Connection c, String authorization) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM wallet_sessions WHERE token_hash = ?")) {
            ps.setString(1, hash(token(authorization)));
            ps.executeUpdate();
        }
    }

    /** Every session of the customer ends (a password reset), and expired ones of anybody go too. */
    void closeAll(Connection c, long customer, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM wallet_sessions WHERE customer = ? OR expires_at <= ?")) {
            ps.setLong(1, customer);
            ps.setLong(2, now);
            ps.executeUpdate();
        }
    }

    private static String token(String authorization) {
        if (authorization == null) throw new ApiError(401, "this call needs 'Authorization: Bearer <token>' (log in with POST /sessions)");
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiError(401, "the Authorization header must be 'Bearer <token>'");
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (!token.matches("[A-Za-z0-9_-]{43}")) throw new ApiError(401, "the session token is malformed: log in again (POST /sessions)");
        return token;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
