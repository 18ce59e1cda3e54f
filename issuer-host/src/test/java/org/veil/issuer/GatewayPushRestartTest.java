package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.issuer.gateway.Receipt;
import org.veil.issuer.gateway.ShopSigner;

/**
 * The gateway's push outbox across a restart of the issuer host (a child JVM over one H2 file): a result whose first
 * delivery failed is delivered after the restart; a shop that never answers gets the bounded attempts and then FAILED.
 * And the host's logs never hold a shop's secret, the card number or the customer id.
 */
@Timeout(150)
class GatewayPushRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    @Test
    void aFailedPushSurvivesARestartAndADeadShopEndsFailed() throws Exception {
        AtomicBoolean acknowledge = new AtomicBoolean(false);
        AtomicInteger calls = new AtomicInteger();
        List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/results", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            calls.incrementAndGet();
            boolean ok = acknowledge.get();
            if (ok) delivered.add(new String(body, StandardCharsets.UTF_8));
            ex.sendResponseHeaders(ok ? 200 : 500, -1);
            ex.close();
        });
        receiver.start();
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort(); // nothing listens there once closed
        }
        try (IssuerProcess issuer = new IssuerProcess(root)) {
            issuer.properties.add("veil.gateway.push.retry.ms=2000");
            issuer.properties.add("veil.gateway.push.attempts=3");
            issuer.start();
            AdminClient admin = new AdminClient(issuer.adminPort);
            WalletClient wallet = new WalletClient(issuer.walletPort);
            JsonNode shop = admin.ok("POST", "/gateway/merchants", "{\"merchantId\":\"PUSHSHOP1\",\"name\":\"Push Shop\",\"resultMode\":\"push\","
                    + "\"callbackUrl\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/results\"}");
            JsonNode deadShop = admin.ok("POST", "/gateway/merchants", "{\"merchantId\":\"DEADSHOP1\",\"name\":\"Dead Shop\",\"resultMode\":\"push\","
                    + "\"callbackUrl\":\"http://127.0.0.1:" + dead + "/results\"}");
            String customerId = WalletClient.newId("push");
            wallet.register(customerId, "");
            String token = wallet.login(customerId, WalletClient.PASSWORD);
            JsonNode card = wallet.ok("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"Web\"}", token);
            admin.ok("POST", "/cards/" + card.get("id").asLong() + "/load", "{\"amount\":5000,\"reference\":\"push-load\"}");

            pay(wallet, token, card.get("id").asLong(), issuer.gatewayPort, shop, "P-1", 1000);
            await(() -> calls.get() >= 1, 10_000, "the first delivery");
            issuer.stop();
            int before = calls.get();
            assertEquals(0, delivered.size());
            acknowledge.set(true);

            issuer.start();
            await(() -> delivered.size() == 1, 20_000, "the delivery after the restart");
            assertTrue(calls.get() > before);
            JsonNode pushed = JSON.readTree(delivered.getFirst());
            assertTrue(Receipt.verify(shop.get("secret").asText(), pushed), pushed.toString());
            assertEquals("APPROVED", pushed.get("status").asText());
            assertEquals(1, admin.ok("GET", "/gateway/merchants/PUSHSHOP1", null).get("pushes").get("delivered").asLong());

            pay(wallet, token, card.get("id").asLong(), issuer.gatewayPort, deadShop, "D-1", 500);
            await(() -> {
                try {
                    return admin.ok("GET", "/gateway/merchants/DEADSHOP1", null).get("pushes").get("failed").asLong() == 1;
                } catch (Exception e) {
                    return false;
                }
            }, 30_000, "the dead shop's push to end FAILED after 3 attempts");
            assertTrue(admin.ok("GET", "/audit", null).get("ok").asBoolean());
            assertEquals(3500, admin.ok("GET", "/cards/" + card.get("id").asLong(), null).get("available").asLong());

            issuer.stop();
            String pan = card.get("pan").asText();
            try (Stream<Path> files = Files.walk(issuer.logDir())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String log = Files.readString(f, StandardCharsets.ISO_8859_1);
                    for (String secret : List.of(shop.get("secret").asText(), deadShop.get("secret").asText(), pan, customerId)) {
                        assertFalse(log.contains(secret), f.getFileName() + " holds a secret, a card number or a customer id");
                    }
                }
            }
        } finally {
            receiver.stop(0);
        }
    }

    /** The wallet's purchase and the shop's signed request for the same order: approved. */
    private static void pay(WalletClient wallet, String token, long card, int gatewayPort, JsonNode shop, String orderId, long amount) throws Exception {
        WalletClient.Reply w = wallet.call("POST", "/purchases", "{\"card\":" + card + ",\"merchant\":\"" + shop.get("merchantId").asText()
                + "\",\"orderId\":\"" + orderId + "\",\"amount\":" + amount + "}", token);
        assertEquals(202, w.status(), w.body().toString());
        String body = "{\"orderId\":\"" + orderId + "\",\"amount\":" + amount + "}";
        String auth = new ShopSigner(shop.get("keyId").asText(), shop.get("secret").asText()).authorization("POST", "/orders",
                body.getBytes(StandardCharsets.UTF_8));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/orders"))
                    .header("Content-Type", "application/json").header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("APPROVED", JSON.readTree(r.body()).get("status").asText());
        }
    }

    private static void await(BooleanSupplier done, long millis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }
}
