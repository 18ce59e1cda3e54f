package org.veil.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test client of the admin HTTP API. */
public final class AdminClient {
    public record Reply(int status, JsonNode body, HttpHeaders headers) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public AdminClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Reply call(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, body == null ? null : "application/json");
    }

    /** With the given Content-Type (none when null); the answer must be JSON whatever its status. */
    public Reply call(String method, String path, String body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()), r.headers());
    }

    public JsonNode ok(String method, String path, String body) throws IOException, InterruptedException {
        Reply r = call(method, path, body);
        if (r.status() >= 300) throw new AssertionError(method + " " + path + " -> " + r.status() + " " + r.body());
        return r.body();
    }

    /** Issues a card of the product and loads it with the amount (when > 0). */
    public JsonNode issue(String product, long load) throws IOException, InterruptedException {
        JsonNode card = ok("POST", "/cards", "{\"product\":\"" + product + "\"}");
        if (load > 0) {
            ok("POST", "/cards/" + card.get("id").asLong() + "/load", "{\"amount\":" + load + ",\"reference\":\"init-" + card.get("id").asLong() + "\"}");
        }
        return card;
    }
}
