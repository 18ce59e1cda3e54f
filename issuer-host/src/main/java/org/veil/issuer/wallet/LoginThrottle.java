package org.veil.issuer.wallet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.veil.http.ApiError;

/**
 * Failed logins and recovery answers, counted per customer id as typed (known or not, so the throttle tells nothing
 * about which ids exist): after {@value #MAX_FAILURES} within the window, more tries are refused with 429 until the
 * oldest of them leaves the window.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_MILLIS = 15 * 60_000L;

    /** 429 while the id has had too many failures in the window. */
    void check(Connection c, String customerId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT failed_at FROM wallet_failures WHERE customer_id = ? AND failed_at > ?"
                + " ORDER BY failed_at DESC")) {
            ps.setMaxRows(MAX_FAILURES);
            ps.setString(1, customerId);
            ps.setLong(2, now - WINDOW_MILLIS);
            try (ResultSet rs = ps.executeQuery()) {
                int n = 0;
                long oldest = 0;
                while (rs.next()) {
                    n++;
                    oldest = rs.getLong(1);
                }
                if (n >= MAX_FAILURES) {
                    throw new ApiError(429, "too many failed attempts for this customer id: try again after "
                            + Instant.ofEpochMilli((oldest + WINDOW_MILLIS) / 1000 * 1000 + 1000));
                }
            }
        }
    }

    void failed(Connection c, String customerId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_failures (customer_id, failed_at) VALUES (?, ?)")) {
            ps.setString(1, customerId);
            ps.setLong(2, now);
            ps.executeUpdate();
        }
    }

    /** A success starts the count again; failures older than the window go too. */
    void succeeded(Connection c, String customerId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM wallet_failures WHERE customer_id = ? OR failed_at <= ?")) {
            ps.setString(1, customerId);
            ps.setLong(2, now - WINDOW_MILLIS);
            ps.executeUpdate();
        }
    }
}
