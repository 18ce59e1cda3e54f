package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.issuer.gateway.ShopSigner;

/**
 * A gateway order waiting for its cardholder's confirmation across restarts of the issuer host (a child JVM over one
 * H2 file): after the restart it still waits (not lost, not decided), the holder's approval then decides it, paid once;
 * a further restart answers the same decision and moves nothing. No log holds the code or the card number.
 */
@Timeout(150)
class GatewayConfirmRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private record Reply(int status, JsonNode body) {}

    @Test
    void anOrderWaitingForItsCardholderSurvivesARestartAndIsDecidedOnce() throws Exception {
        try (IssuerProcess issuer = new IssuerProcess(root)) {
            issuer.properties.add("veil.gateway.confirm.seconds=60");
            issuer.start();
            AdminClient admin = new AdminClient(issuer.adminPort);
            WalletClient wallet = new WalletClient(issuer.walletPort);
            JsonNode shop = admin.ok("POST", "/gateway/merchants", "{\"merchantId\":\"CONFSHOP1\",\"name\":\"Confirm Shop\",\"resultMode\":\"inquiry\"}");
            String customerId = WalletClient.newId("gwr");
            wallet.register(customerId, "");
            String token = wallet.login(customerId, WalletClient.PASSWORD);
            JsonNode card = wallet.ok("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"Web\"}", token);
            long cardId = card.get("id").asLong();
            admin.ok("POST", "/cards/" + cardId + "/load", "{\"amount\":50000,\"reference\":\"gwr-load\"}");
            String code = wallet.ok("POST", "/cards/" + cardId + "/one-time-codes", "{\"maxAmount\":30000,\"expiresInMinutes\":10}", token)
                    .get("code").asText();

            Reply first = shop(issuer, shop, "POST", "/orders", "{\"orderId\":\"R-1\",\"amount\":20000,\"oneTimeCode\":\"" + code + "\"}");
            assertEquals(202, first.status(), first.body().toString());
            assertEquals("AWAITING_CARDHOLDER", first.body().get("reason").asText());

            issuer.stop();
            issuer.start();
            Reply after = shop(issuer, shop, "GET", "/orders/R-1", null);
            assertEquals(202, after.status(), "still waiting after the restart: " + after.body());
            assertEquals("AWAITING_CARDHOLDER", after.body().get("reason").asText());
            token = wallet.login(customerId, WalletClient.PASSWORD);
            JsonNode asked = wallet.ok("GET", "/confirmations", null, token);
            assertEquals(1, asked.size(), asked.toString());
            assertEquals(50_000, admin.ok("GET", "/cards/" + cardId, null).get("available").asLong());
            wallet.ok("POST", "/confirmations/" + asked.get(0).get("id").asLong(), "{\"approve\":true}", token);

            Reply decided = null;
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                decided = shop(issuer, shop, "GET", "/orders/R-1", null);
                if (decided.status() == 200) break;
                Thread.sleep(100);
            }
            assertEquals(200, decided.status(), decided.body().toString());
            assertEquals("APPROVED", decided.body().get("status").asText());
            assertEquals(30_000, admin.ok("GET", "/cards/" + cardId, null).get("available").asLong());

            issuer.stop();
            issuer.start();
            Reply again = shop(issuer, shop, "POST", "/orders", "{\"orderId\":\"R-1\",\"amount\":20000,\"oneTimeCode\":\"" + code + "\"}");
            assertEquals(200, again.status(), again.body().toString());
            assertEquals(decided.body().get("approvalCode").asText(), again.body().get("approvalCode").asText(), "the same decision");
            assertEquals(30_000, admin.ok("GET", "/cards/" + cardId, null).get("available").asLong(), "paid once");
            assertEquals(20_000, admin.ok("GET", "/merchants/CONFSHOP1", null).get("ledger").asLong());
            assertTrue(admin.ok("GET", "/audit", null).get("ok").asBoolean());

            issuer.stop();
            try (Stream<Path> files = Files.walk(issuer.logDir())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String log = Files.readString(f, StandardCharsets.ISO_8859_1);
                    for (String secret : List.of(code, card.get("pan").asText(), customerId)) {
                        assertFalse(log.contains(secret), f.getFileName() + " holds a code, a card number or a customer id");
                    }
                }
            }
        }
    }

    /** A signed shop request. */
    private static Reply shop(IssuerProcess issuer, JsonNode shop, String method, String path, String body) throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String auth = new ShopSigner(shop.get("keyId").asText(), shop.get("secret").asText()).authorization(method, path, bytes);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + issuer.gatewayPort + path)).header("Authorization", auth);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) b.header("Content-Type", "application/json");
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), JSON.readTree(r.body()));
        }
    }
}
