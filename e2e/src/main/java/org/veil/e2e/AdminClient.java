package org.veil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.veil.packagers.CardNumbers;

/** The issuer host's admin HTTP API, as the demo and the tests use it to set up and audit. */
public final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AdminClient(String base) {
        this.base = base;
    }

    /** A card as its issuance answered: {@code track2} is its magnetic stripe (with the CVV a swipe must carry). */
    public record IssuedCard(long id, String pan, String expiry, String cvv2, String currency, String track2, String icvv) {
        /** No PAN, CVV2 or track 2 in a test report or log line. */
        @Override
        public String toString() {
            return "IssuedCard[" + id + " " + CardNumbers.mask(pan) + "]";
        }
    }

    public IssuedCard issueCard(String product) throws IOException {
        return issued(call("POST", "/cards", Map.of("product", product)));
    }

    /** A new card whose PIN is {@code pin} (kept by the issuer only as a sealed PIN verification value). */
    public IssuedCard issueCard(String product, String pin) throws IOException {
        return issued(call("POST", "/cards", Map.of("product", product, "pin", pin)));
    }

    private static IssuedCard issued(JsonNode n) {
        return new IssuedCard(n.get("id").asLong(), n.get("pan").asText(), n.get("expiry").asText(),
                n.path("cvv2").asText(), n.path("currency").asText(), n.path("track2").asText(), n.path("icvv").asText());
    }

    /** A new card of {@code product} loaded with {@code amount} minor units (reference "load-" and its id). */
    public IssuedCard issueLoaded(String product, long amount) throws IOException {
        IssuedCard card = issueCard(product);
        load(String.valueOf(card.id()), amount, "load-" + card.id());
        return card;
    }

    public JsonNode load(String cardRef, long amount, String reference) throws IOException {
        return call("POST", "/cards/" + cardRef + "/load", Map.of("amount", amount, "reference", reference));
    }

    public JsonNode card(String cardRef) throws IOException {
        return call("GET", "/cards/" + cardRef, null);
    }

    public long available(String cardRef) throws IOException {
        return card(cardRef).get("available").asLong();
    }

    public long ledger(String cardRef) throws IOException {
        return card(cardRef).get("ledger").asLong();
    }

    public JsonNode setState(String cardRef, String state) throws IOException {
        return call("POST", "/cards/" + cardRef + "/state", Map.of("state", state));
    }

    public JsonNode merchant(String merchantId) throws IOException {
        return call("GET", "/merchants/" + merchantId, null);
    }

    public JsonNode audit() throws IOException {
        return call("GET", "/audit", null);
    }

    public JsonNode expireHolds() throws IOException {
        return call("POST", "/holds/expire", Map.of());
    }

    /** Raw access for tests of the API's own error answers. */
    public HttpResponse<String> raw(String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling " + path, e);
        }
    }

    private JsonNode call(String method, String path, Object body) throws IOException {
        HttpResponse<String> r = raw(method, path, body == null ? null : JSON.writeValueAsString(body));
        if (r.statusCode() >= 300) {
            throw new IOException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
