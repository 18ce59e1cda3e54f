package org.veil.issuer.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push shops' results, durable: a decision queues its signed receipt here in its own transaction, and the
 * delivery loop POSTs it to the shop's callback URL (signed like a shop request, with the shop's key) until a 2xx.
 * A failed attempt waits base x 2^(attempts-1) (at most 10 minutes) before the next; after the last allowed attempt
 * the row is FAILED and stays for the operator. Rows live in the database, so a restart resumes them.
 */
final class CallbackOutbox {
    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";
    private static final Logger LOG = LoggerFactory.getLogger(CallbackOutbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_WAIT_MS = 600_000;
    private final DataSource dataSource;
    private final long baseRetryMillis;
    private final int maxAttempts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private record Due(long id, String merchantId, String url, String body, int attempts) {}

    CallbackOutbox(DataSource dataSource, long baseRetryMillis, int maxAttempts) {
        this.dataSource = dataSource;
        this.baseRetryMillis = baseRetryMillis;
        this.maxAttempts = maxAttempts;
    }

    /** Queues the decided order's receipt for a push shop (nothing for the other modes), in the caller's transaction. */
    void queue(Connection c, Order decided, GatewayMerchant g, long now) throws SQLException {
        if (g.mode() != ResultMode.PUSH) return;
        String body;
        try {
            body = JSON.writeValueAsString(PaymentPairing.receipt(decided, g));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gateway_outbox (order_row, merchant_id, url, body, status, attempts, next_at,"
                + " created_at) VALUES (?,?,?,?,?,0,?,?)")) {
            ps.setLong(1, decided.id());
            ps.setString(2, g.merchantId());
            ps.setString(3, g.callbackUrl());
            ps.setString(4, body);
            ps.setString(5, PENDING);
            ps.setLong(6, now);
            ps.setLong(7, now);
            ps.executeUpdate();
        }
    }

    /** The shop's pushes by state: {"pending", "delivered", "failed"}. */
    java.util.Map<String, Long> counts(Connection c, String merchantId) throws SQLException {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (String s : List.of(PENDING, DELIVERED, FAILED)) m.put(s.toLowerCase(java.util.Locale.ROOT), 0L);
        try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM gateway_outbox WHERE merchant_id = ? GROUP BY status")) {
            ps.setString(1, merchantId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) m.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getLong(2));
            }
        }
        return m;
    }

    /** One delivery attempt for every row due now; returns how many were delivered. */
    int deliverDue(GatewayMerchants merchants, long now) throws SQLException {
        List<Due> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, merchant_id, url, body, attempts FROM gateway_outbox WHERE status = ? AND next_at <= ?"
                     + " ORDER BY next_at FETCH FIRST 20 ROWS ONLY")) {
            ps.setString(1, PENDING);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) due.add(new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
            }
        }
        int delivered = 0;
        for (Due d : due) {
            GatewayMerchant g;
            try (Connection c = dataSource.getConnection()) {
                g = merchants.byMerchantId(c, d.merchantId());
            }
            String result = post(d, g);
            int attempts = d.attempts() + 1;
            long at = System.currentTimeMillis();
            boolean ok = result == null;
            String status = ok ? DELIVERED : attempts >= maxAttempts ? FAILED : PENDING;
            long next = at + Math.min(MAX_WAIT_MS, baseRetryMillis << Math.min(attempts - 1, 20));
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE gateway_outbox SET status = ?, attempts = ?, next_at = ?, last_result = ?,"
                         + " delivered_at = ? WHERE id = ?")) {
                ps.setString(1, status);
                ps.setInt(2, attempts);
                ps.setLong(3, next);
                ps.setString(4, ok ? "2xx" : result);
                if (ok) ps.setLong(5, at); else ps.setNull(5, java.sql.Types.BIGINT);
                ps.setLong(6, d.id());
                ps.executeUpdate();
            }
            if (ok) delivered++;
            else LOG.info("push {} to merchant {} attempt {}: {}{}", d.id(), d.merchantId(), attempts, result, FAILED.equals(status) ? " (gave up)" : "");
        }
        return delivered;
    }

    /** null when the shop answered 2xx, else what happened instead (one short line). */
    private String post(Due d, GatewayMerchant g) {
        try {
            URI uri = URI.create(d.url());
            byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .header("Authorization", new ShopSigner(g.keyId(), g.secret()).authorization("POST", path, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            int status = http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (IOException | IllegalArgumentException e) {
            return "not delivered: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
