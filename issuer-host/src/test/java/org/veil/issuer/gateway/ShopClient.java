package org.veil.issuer.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A partner shop as a test plays it: signs with {@link ShopSigner} and calls the gateway over HTTP. */
final class ShopClient {
    record Reply(int status, JsonNode body, String raw) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    final String merchantId;
    final String keyId;
    final String secret;

    ShopClient(int port, String merchantId, String keyId, String secret) {
        this.port = port;
        this.merchantId = merchantId;
        this.keyId = keyId;
        this.secret = secret;
    }

    Reply call(String method, String path, String body) throws IOException, InterruptedException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return send(method, path, body, new ShopSigner(keyId, secret).authorization(method, path, bytes));
    }

    /** With the given Authorization header as it is (null: none): for replays and forgeries. */
    Reply send(String method, String path, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
        if (body != null) b.header("Content-Type", "application/json");
        if (authorization != null) b.header("Authorization", authorization);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()), r.body());
    }

    Reply order(String orderId, long amount, String extra) throws IOException, InterruptedException {
        return call("POST", "/orders", "{\"orderId\":\"" + orderId + "\",\"amount\":" + amount + (extra == null ? "" : "," + extra) + "}");
    }
}
