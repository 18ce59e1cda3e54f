package org.veil.issuer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.issuer.AdminClient;
import org.veil.issuer.RunningIssuerHost;
import org.veil.issuer.WalletClient;

/**
 * A wallet-minted one-time code above the confirmation threshold (10000) at the gateway, over real HTTP and a real H2
 * database: the shop's POST /orders answers 202 PENDING at once (reason AWAITING_CARDHOLDER, nothing personal), the
 * holder approves or refuses in the wallet's /confirmations, or the gateway's deadline (2 s in tests) passes; then the
 * order is decided once and the shop learns it by its result mode. The ledger audit holds after each test.
 */
@Timeout(90)
class GatewayConfirmationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PENDING_KEYS = Set.of("merchantId", "orderId", "amount", "status", "reason", "expiresAt");
    private static RunningIssuerHost host;
    private static AdminClient admin;
    private static WalletClient wallet;
    private final List<String> shopSaw = Collections.synchronizedList(new ArrayList<>());
    private final List<String> personal = new ArrayList<>();

    @BeforeAll
    static void start() {
        host = RunningIssuerHost.get();
        admin = new AdminClient(host.adminPort);
        wallet = new WalletClient(host.walletPort);
    }

    @AfterEach
    void nothingPersonalAndTheLedgerBalances() throws Exception {
        for (String seen : shopSaw) for (String p : personal) assertFalse(seen.contains(p), "a shop saw personal data: " + seen);
        JsonNode audit = admin.ok("GET", "/audit", null);
        assertTrue(audit.get("ok").asBoolean(), "ledger audit: " + audit);
    }

    private record Holder(String token, long card, String code, long codeId) {}

    /** A wallet customer with a USD card loaded with 50000 and a code it minted (max 30000): one the holder confirms. */
    private Holder holder() throws Exception {
        String token = wallet.newCustomer("gwc");
        JsonNode card = wallet.ok("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"Web\"}", token);
        long id = card.get("id").asLong();
        admin.ok("POST", "/cards/" + id + "/load", "{\"amount\":50000,\"reference\":\"gwc-" + id + "\"}");
        WalletClient.Reply minted = wallet.call("POST", "/cards/" + id + "/one-time-codes", "{\"maxAmount\":30000,\"expiresInMinutes\":10}", token);
        assertEquals(201, minted.status(), minted.body().toString());
        personal.add(card.get("pan").asText());
        personal.add(minted.body().get("code").asText());
        return new Holder(token, id, minted.body().get("code").asText(), minted.body().get("id").asLong());
    }

    private ShopClient shop(String mode, String callbackUrl) throws Exception {
        String id = "GC" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        AdminClient.Reply r = admin.call("POST", "/gateway/merchants", "{\"merchantId\":\"" + id + "\",\"name\":\"Confirm Shop\",\"resultMode\":\""
                + mode + "\"" + (callbackUrl == null ? "" : ",\"callbackUrl\":\"" + callbackUrl + "\"") + "}");
        assertEquals(201, r.status(), r.body().toString());
        return new ShopClient(host.gatewayPort, id, r.body().get("keyId").asText(), r.body().get("secret").asText());
    }

    private ShopClient.Reply pay(ShopClient s, String orderId, long amount, String code) throws Exception {
        ShopClient.Reply r = s.order(orderId, amount, "\"oneTimeCode\":\"" + code + "\"");
        shopSaw.add(r.raw());
        return r;
    }

    private ShopClient.Reply inquire(ShopClient s, String orderId) throws Exception {
        ShopClient.Reply r = s.call("GET", "/orders/" + orderId, null);
        shopSaw.add(r.raw());
        return r;
    }

    /** The shop's answer that the order waits for the cardholder: 202, PENDING, why, and nothing else. */
    private static void assertWaits(ShopClient.Reply r, String orderId) {
        assertEquals(202, r.status(), r.raw());
        assertEquals("PENDING", r.body().get("status").asText());
        assertEquals("AWAITING_CARDHOLDER", r.body().get("reason").asText());
        assertEquals(orderId, r.body().get("orderId").asText());
        Set<String> keys = new java.util.HashSet<>();
        r.body().fieldNames().forEachRemaining(keys::add);
        assertEquals(PENDING_KEYS, keys, r.raw());
    }

    /** The one confirmation the holder is asked for (it is there by the time the shop got its 202). */
    private static JsonNode theConfirmation(Holder h) throws Exception {
        JsonNode list = wallet.ok("GET", "/confirmations", null, h.token);
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    /** The shop's inquiry once the order is decided (within 6 s). */
    private ShopClient.Reply decided(ShopClient s, String orderId) throws Exception {
        long deadline = System.currentTimeMillis() + 6_000;
        ShopClient.Reply r;
        do {
            r = inquire(s, orderId);
            if (r.status() == 200) return r;
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("order " + orderId + " still undecided: " + r.raw());
    }

    private static long available(long card) throws Exception {
        return admin.ok("GET", "/cards/" + card, null).get("available").asLong();
    }

    private static long merchantLedger(String merchant) throws Exception {
        return admin.ok("GET", "/merchants/" + merchant, null).get("ledger").asLong();
    }

    private static String codeStatus(Holder h) throws Exception {
        for (JsonNode c : wallet.ok("GET", "/cards/" + h.card + "/one-time-codes", null, h.token)) {
            if (c.get("id").asLong() == h.codeId) return c.get("status").asText();
        }
        throw new AssertionError("code " + h.codeId + " not listed");
    }

    private static String newOrder() {
        return "cf-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void approvedByTheHolderItIsPaidOnceAndPushedToTheShop() throws Exception {
        List<String> pushes = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/results", ex -> {
            pushes.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            ShopClient s = shop("push", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/results");
            Holder h = holder();
            String orderId = newOrder();
            long t0 = System.nanoTime();
            ShopClient.Reply first = pay(s, orderId, 20_000, h.code);
            assertTrue(System.nanoTime() - t0 < 1_500_000_000L, "answered at once, not after the holder");
            assertWaits(first, orderId);
            assertWaits(pay(s, orderId, 20_000, h.code), orderId); // asked again while it waits: the same
            assertWaits(inquire(s, orderId), orderId);
            assertEquals(50_000, available(h.card), "nothing moves before the holder answers");

            JsonNode asked = theConfirmation(h);
            assertEquals(20_000, asked.get("amount").asLong());
            assertEquals(s.merchantId, asked.get("merchant").asText());
            assertEquals("APPROVED", wallet.ok("POST", "/confirmations/" + asked.get("id").asLong(), "{\"approve\":true}", h.token).get("status").asText());

            long deadline = System.currentTimeMillis() + 6_000;
            while (pushes.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(50);
            Thread.sleep(700); // an acknowledged push is not sent again
            assertEquals(1, pushes.size(), "one push: " + pushes);
            shopSaw.addAll(pushes);
            JsonNode pushed = JSON.readTree(pushes.getFirst());
            assertTrue(Receipt.verify(s.secret, pushed), pushed.toString());
            assertEquals("APPROVED", pushed.get("status").asText());
            assertEquals("00", pushed.get("responseCode").asText());
            assertEquals(orderId, pushed.get("orderId").asText());
            assertEquals(30_000, available(h.card));
            assertEquals(20_000, merchantLedger(s.merchantId));
            assertEquals("used", codeStatus(h));

            ShopClient.Reply again = pay(s, orderId, 20_000, h.code);
            assertEquals(200, again.status(), again.raw());
            assertEquals(pushed.get("approvalCode").asText(), again.body().get("approvalCode").asText(), "the same decision");
            ShopClient.Reply reused = pay(s, newOrder(), 20_000, h.code);
            assertEquals("DECLINED", reused.body().get("status").asText(), reused.raw());
            assertEquals("57", reused.body().get("responseCode").asText(), "a used code");
            assertEquals(30_000, available(h.card), "paid once");
            assertEquals(20_000, merchantLedger(s.merchantId));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void approvedByTheHolderAnInquiryShopAsksForTheResult() throws Exception {
        ShopClient s = shop("inquiry", null);
        Holder h = holder();
        String orderId = newOrder();
        assertWaits(pay(s, orderId, 15_000, h.code), orderId);
        wallet.ok("POST", "/confirmations/" + theConfirmation(h).get("id").asLong(), "{\"approve\":true}", h.token);
        ShopClient.Reply r = decided(s, orderId);
        assertEquals("APPROVED", r.body().get("status").asText(), r.raw());
        assertEquals("APPROVED", r.body().get("reason").asText());
        assertTrue(Receipt.verify(s.secret, r.body()));
        assertEquals(35_000, available(h.card));
        assertEquals(15_000, merchantLedger(s.merchantId));
        assertEquals("57", pay(s, newOrder(), 500, h.code).body().get("responseCode").asText(), "the code is used");
        assertEquals(35_000, available(h.card));
    }

    @Test
    void refusedByTheHolderItIsDeclinedAndTheCodeStaysUsable() throws Exception {
        ShopClient s = shop("inquiry", null);
        Holder h = holder();
        String orderId = newOrder();
        assertWaits(pay(s, orderId, 20_000, h.code), orderId);
        long id = theConfirmation(h).get("id").asLong();
        assertEquals("REFUSED", wallet.ok("POST", "/confirmations/" + id, "{\"approve\":false}", h.token).get("status").asText());
        ShopClient.Reply r = decided(s, orderId);
        assertEquals("DECLINED", r.body().get("status").asText(), r.raw());
        assertEquals("05", r.body().get("responseCode").asText());
        assertTrue(Receipt.verify(s.secret, r.body()));
        assertEquals("DECLINED", pay(s, orderId, 20_000, h.code).body().get("status").asText(), "asked again: the same decision");
        assertEquals(50_000, available(h.card));
        assertEquals(0, merchantLedger(s.merchantId));
        assertEquals("active", codeStatus(h));
        ShopClient.Reply small = pay(s, newOrder(), 5_000, h.code);
        assertEquals("APPROVED", small.body().get("status").asText(), "the refused code still pays: " + small.raw());
        assertEquals(45_000, available(h.card));
    }

    @Test
    void unansweredByTheGatewaysDeadlineItIsDeclinedAndTheCodeStaysUsable() throws Exception {
        ShopClient s = shop("inquiry", null);
        Holder h = holder();
        String orderId = newOrder();
        long t0 = System.nanoTime();
        assertWaits(pay(s, orderId, 20_000, h.code), orderId);
        long id = theConfirmation(h).get("id").asLong();
        ShopClient.Reply r = decided(s, orderId);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 1_800, "decided at the 2 s deadline, not before: " + ms + " ms");
        assertEquals("DECLINED", r.body().get("status").asText(), r.raw());
        assertEquals("05", r.body().get("responseCode").asText());
        assertEquals(409, wallet.call("POST", "/confirmations/" + id, "{\"approve\":true}", h.token).status(), "too late");
        assertEquals(0, wallet.ok("GET", "/confirmations", null, h.token).size());
        assertEquals(50_000, available(h.card));
        assertEquals(0, merchantLedger(s.merchantId));
        assertEquals("active", codeStatus(h));
    }

    @Test
    void underTheThresholdItIsDecidedAtOnce() throws Exception {
        ShopClient s = shop("inquiry", null);
        Holder h = holder();
        ShopClient.Reply r = pay(s, newOrder(), 10_000, h.code);
        assertEquals(200, r.status(), r.raw());
        assertEquals("APPROVED", r.body().get("status").asText());
        assertEquals(0, wallet.ok("GET", "/confirmations", null, h.token).size(), "nothing asked");
        assertEquals(40_000, available(h.card));
        assertEquals("used", codeStatus(h));
    }
}
