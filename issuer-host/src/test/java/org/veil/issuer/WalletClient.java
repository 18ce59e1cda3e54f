package org.veil.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** A test client of the cardholder (wallet) HTTP API; {@code token} null sends no Authorization header. */
public final class WalletClient {
    public record Reply(int status, JsonNode body) {}

    public static final String PASSWORD = "Correct-Horse-9";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public WalletClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Reply call(String method, String path, String body, String token) throws IOException, InterruptedException {
        return callWithHeader(method, path, body, token == null ? null : "Bearer " + token);
    }

    public Reply callWithHeader(String method, String path, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (body != null) b.header("Content-Type", "application/json");
        if (authorization != null) b.header("Authorization", authorization);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    public JsonNode ok(String method, String path, String body, String token) throws IOException, InterruptedException {
        Reply r = call(method, path, body, token);
        if (r.status() >= 300) throw new AssertionError(method + " " + path + " -> " + r.status() + " " + r.body());
        return r.body();
    }

    /** A fresh customer id no other test uses. */
    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public void register(String id, String extraFields) throws IOException, InterruptedException {
        Reply r = call("POST", "/customers", "{\"customerId\":\"" + id + "\",\"password\":\"" + PASSWORD + "\"" + extraFields + "}", null);
        if (r.status() != 201) throw new AssertionError("register " + id + " -> " + r.status() + " " + r.body());
    }

    public String login(String id, String password) throws IOException, InterruptedException {
        return ok("POST", "/sessions", "{\"customerId\":\"" + id + "\",\"password\":\"" + password + "\"}", null).get("token").asText();
    }

    /** A new customer, logged in: its token. */
    public String newCustomer(String prefix) throws IOException, InterruptedException {
        String id = newId(prefix);
        register(id, "");
        return login(id, PASSWORD);
    }
}
