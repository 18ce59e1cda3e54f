package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/** The switch's control API over real HTTP, as a test drives it, and the journal's fault column. */
final class ControlClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    private ControlClient() {}

    static Reply call(String method, String path, String body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RunningSwitch.controlPort + path))
                .timeout(Duration.ofSeconds(10));
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()), r);
    }

    static Reply call(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, body == null ? null : "application/json");
    }

    /** Adds a fault and returns its id. */
    static long add(Map<String, Object> fault) throws IOException, InterruptedException {
        Reply r = call("POST", "/faults", JSON.writeValueAsString(fault));
        assertEquals(201, r.status(), r.body().toString());
        return r.body().get("id").asLong();
    }

    static int clearAll() throws IOException, InterruptedException {
        Reply r = call("DELETE", "/faults", null);
        assertEquals(200, r.status(), r.body().toString());
        return r.body().get("cleared").asInt();
    }

    static JsonNode list() throws IOException, InterruptedException {
        Reply r = call("GET", "/faults", null);
        assertEquals(200, r.status(), r.body().toString());
        return r.body();
    }

    /** The journal's fault column of a terminal's exchange, once its row is written ("" when the column is NULL). */
    static String journaledFault(String terminal, String stan) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        try (Connection c = SwitchDatabase.get().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT fault FROM journal WHERE terminal_id = ? AND stan = ? ORDER BY id")) {
            ps.setString(1, terminal);
            ps.setString(2, stan);
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getString(1) == null ? "" : rs.getString(1);
                }
                Thread.sleep(20);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no journal row for " + terminal + " STAN " + stan);
    }
}
