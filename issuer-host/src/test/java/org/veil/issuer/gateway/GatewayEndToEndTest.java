package org.veil.issuer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.issuer.AdminClient;
import org.veil.issuer.RunningIssuerHost;
import org.veil.issuer.WalletClient;

/**
 * The payment gateway of a real issuer host over real HTTP and a real H2 database: shops registered on the admin API,
 * wallet purchases on the wallet API, signed shop requests on the gateway port. Matched approval in the three result
 * modes, mismatches, expiry, the signature checks, autofill with the card password, one-time codes, the ledger audit,
 * and that nothing a shop receives names the customer or the card number.
 */
@Timeout(120)
class GatewayEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningIssuerHost host;
    private static AdminClient admin;
    private static WalletClient wallet;
    /** Everything a shop received in this test (answers, receipts, pushes), checked for personal data at the end of each. */
    private final List<String> shopSaw = Collections.synchronizedList(new ArrayList<>());
    private final List<String> secretsOfThisTest = new ArrayList<>();

    @BeforeAll
    static void start() {
        host = RunningIssuerHost.get();
        admin = new AdminClient(host.adminPort);
        wallet = new WalletClient(host.walletPort);
    }

    @AfterEach
    void nothingPersonalReachedAShop() throws Exception {
        for (String seen : shopSaw) {
            for (String s : secretsOfThisTest) assertFalse(seen.contains(s), "a shop saw customer data or a card number: " + seen);
        }
        JsonNode audit = admin.ok("GET", "/audit", null);
        assertTrue(audit.get("ok").asBoolean(), "ledger audit: " + audit);
    }

    // ---- fixtures ----

    private ShopClient shop(String mode, String callbackUrl, Long orderSeconds) throws Exception {
        String id = "GW" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        String body = "{\"merchantId\":\"" + id + "\",\"name\":\"Test Shop " + mode + "\",\"resultMode\":\"" + mode + "\""
                + (callbackUrl == null ? "" : ",\"callbackUrl\":\"" + callbackUrl + "\"") + (orderSeconds == null ? "" : ",\"orderSeconds\":" + orderSeconds) + "}";
        AdminClient.Reply r = admin.call("POST", "/gateway/merchants", body);
        assertEquals(201, r.status(), r.body().toString());
        assertEquals(id, r.body().get("merchantId").asText());
        assertEquals(mode, r.body().get("resultMode").asText());
        // shown once: the merchant's view never has it again
        JsonNode view = admin.ok("GET", "/gateway/merchants/" + id, null);
        assertFalse(view.has("secret"), view.toString());
        return new ShopClient(host.gatewayPort, id, r.body().get("keyId").asText(), r.body().get("secret").asText());
    }

    private record Holder(String customerId, String token, long card, String pan) {}

    /** A new wallet customer with a virtual USD card (PIN 4321) loaded with {@code load}. */
    private Holder holder(long load) throws Exception {
        String id = WalletClient.newId("gw");
        wallet.register(id, "");
        String token = wallet.login(id, WalletClient.PASSWORD);
        WalletClient.Reply r = wallet.call("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"Shopping\",\"pin\":\"4321\"}", token);
        assertEquals(201, r.status(), r.body().toString());
        long card = r.body().get("id").asLong();
        String pan = r.body().get("pan").asText();
        admin.ok("POST", "/cards/" + card + "/load", "{\"amount\":" + load + ",\"reference\":\"gw-load-" + card + "\"}");
        secretsOfThisTest.add(id);
        secretsOfThisTest.add(pan);
        return new Holder(id, token, card, pan);
    }

    private WalletClient.Reply purchase(Holder h, String merchant, String orderId, long amount) throws Exception {
        return wallet.call("POST", "/purchases", "{\"card\":" + h.card + ",\"merchant\":\"" + merchant + "\",\"orderId\":\"" + orderId
                + "\",\"amount\":" + amount + ",\"items\":[{\"name\":\"Tea\",\"quantity\":2,\"price\":" + amount / 2 + "}]}", h.token);
    }

    private ShopClient.Reply order(ShopClient s, String orderId, long amount, String extra) throws Exception {
        ShopClient.Reply r = s.order(orderId, amount, extra);
        shopSaw.add(r.raw());
        return r;
    }

    private ShopClient.Reply inquire(ShopClient s, String orderId) throws Exception {
        ShopClient.Reply r = s.call("GET", "/orders/" + orderId, null);
        shopSaw.add(r.raw());
        return r;
    }

    private static long available(long card) throws Exception {
        return admin.ok("GET", "/cards/" + card, null).get("available").asLong();
    }

    private static long merchantLedger(String merchant) throws Exception {
        return admin.ok("GET", "/merchants/" + merchant, null).get("ledger").asLong();
    }

    private static String newOrder() {
        return "ord-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- matched requests, one test per result mode ----

    @Test
    void matchedBuyerModeCarriesAReceiptTheShopVerifies() throws Exception {
        ShopClient s = shop("buyer", null, null);
        Holder h = holder(10_000);
        String orderId = newOrder();
        WalletClient.Reply first = purchase(h, s.merchantId, orderId, 2_500);
        assertEquals(202, first.status(), first.body().toString());
        assertEquals("PENDING", first.body().get("status").asText());
        assertEquals(10_000, available(h.card), "nothing moves before the shop asks");

        ShopClient.Reply second = order(s, orderId, 2_500, null);
        assertEquals(200, second.status(), second.raw());
        assertEquals("APPROVED", second.body().get("status").asText());
        assertEquals(7_500, available(h.card));
        assertEquals(2_500, merchantLedger(s.merchantId));

        JsonNode mine = wallet.ok("GET", "/purchases/" + first.body().get("id").asLong(), null, h.token);
        assertEquals("APPROVED", mine.get("status").asText());
        JsonNode receipt = mine.get("receipt");
        assertNotNull(receipt, mine.toString());
        shopSaw.add(receipt.toString()); // the buyer hands it to the shop
        assertTrue(Receipt.verify(s.secret, receipt));
        assertEquals(orderId, receipt.get("orderId").asText());
        assertEquals(2_500, receipt.get("amount").asLong());
        assertEquals("00", receipt.get("responseCode").asText());
        ObjectNode tampered = receipt.deepCopy();
        tampered.put("amount", 25_000);
        assertFalse(Receipt.verify(s.secret, tampered), "a receipt with another amount");
        ObjectNode declinedForged = receipt.deepCopy();
        declinedForged.put("status", "DECLINED");
        assertFalse(Receipt.verify(s.secret, declinedForged));

        // asked again, either side: the same decision, no more money
        ShopClient.Reply again = order(s, orderId, 2_500, null);
        assertEquals(second.body().get("approvalCode").asText(), again.body().get("approvalCode").asText());
        WalletClient.Reply walletAgain = purchase(h, s.merchantId, orderId, 2_500);
        assertEquals(200, walletAgain.status());
        assertEquals("APPROVED", walletAgain.body().get("status").asText());
        assertEquals(7_500, available(h.card));
        assertEquals(2_500, merchantLedger(s.merchantId));
    }

    @Test
    void matchedPushModeRetriesUntilTheShopAcknowledges() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        List<String> auths = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/veil/results", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            bodies.add(new String(body, StandardCharsets.UTF_8));
            auths.add(ex.getRequestHeaders().getFirst("Authorization"));
            int status = calls.incrementAndGet() == 1 ? 503 : 204; // the first delivery fails
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
        try {
            ShopClient s = shop("push", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/veil/results", null);
            Holder h = holder(10_000);
            String orderId = newOrder();
            ShopClient.Reply first = order(s, orderId, 1_200, null); // the shop first this time
            assertEquals(202, first.status(), first.raw());
            assertEquals("PENDING", first.body().get("status").asText());
            WalletClient.Reply second = purchase(h, s.merchantId, orderId, 1_200);
            assertEquals(200, second.status(), second.body().toString());
            assertEquals("APPROVED", second.body().get("status").asText());
            assertFalse(second.body().has("receipt"), "a push shop's result does not travel through the buyer");

            long deadline = System.currentTimeMillis() + 20_000;
            while (calls.get() < 2 && System.currentTimeMillis() < deadline) Thread.sleep(50);
            Thread.sleep(1_000); // an acknowledged push is not sent again
            assertEquals(2, calls.get(), "one failed delivery, one acknowledged");
            shopSaw.addAll(bodies);
            JsonNode pushed = JSON.readTree(bodies.get(1));
            assertEquals(bodies.get(0), bodies.get(1), "the retry sends the same result");
            assertTrue(Receipt.verify(s.secret, pushed), pushed.toString());
            assertEquals("APPROVED", pushed.get("status").asText());
            assertEquals(orderId, pushed.get("orderId").asText());
            // the push is signed like a request, with the shop's own key
            String auth = auths.get(1);
            String ts = auth.replaceAll(".*ts=([0-9]+),.*", "$1");
            String nonce = auth.replaceAll(".*nonce=([A-Za-z0-9_-]+),.*", "$1");
            assertEquals(new ShopSigner(s.keyId, s.secret).authorization(Long.parseLong(ts), nonce, "POST", "/veil/results",
                    bodies.get(1).getBytes(StandardCharsets.UTF_8)), auth);
            assertEquals(8_800, available(h.card));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void matchedInquiryModeShopAsksForTheResult() throws Exception {
        ShopClient s = shop("inquiry", null, null);
        Holder h = holder(10_000);
        String orderId = newOrder();
        assertEquals(202, purchase(h, s.merchantId, orderId, 3_000).status());
        assertEquals(202, inquire(s, orderId).status(), "pending until the shop asks for approval");
        assertEquals(200, order(s, orderId, 3_000, null).status());
        ShopClient.Reply r = inquire(s, orderId);
        assertEquals(200, r.status(), r.raw());
        assertEquals("APPROVED", r.body().get("status").asText());
        assertTrue(Receipt.verify(s.secret, r.body()));
        assertEquals(7_000, available(h.card));
        assertEquals(404, inquire(s, "no-such-order").status());
    }

    // ---- mismatches and expiry: both declined, no money ----

    @Test
    void amountMismatchDeclinesBothSides() throws Exception {
        ShopClient s = shop("inquiry", null, null);
        Holder h = holder(10_000);
        String orderId = newOrder();
        WalletClient.Reply w = purchase(h, s.merchantId, orderId, 1_000);
        ShopClient.Reply r = order(s, orderId, 999, null);
        assertEquals(200, r.status(), r.raw());
        assertEquals("DECLINED", r.body().get("status").asText());
        assertEquals("AMOUNT_MISMATCH", r.body().get("reason").asText());
        JsonNode mine = wallet.ok("GET", "/purchases/" + w.body().get("id").asLong(), null, h.token);
        assertEquals("DECLINED", mine.get("status").asText());
        assertEquals("AMOUNT_MISMATCH", mine.get("reason").asText());
        assertEquals(10_000, available(h.card));
        assertEquals(0, merchantLedger(s.merchantId));
        // the shop cannot fix it by asking again with the wallet's amount: the order is decided
        assertEquals("DECLINED", order(s, orderId, 1_000, null).body().get("status").asText());
        assertEquals(10_000, available(h.card));
    }

    @Test
    void orderIdOrMerchantMismatchNeverPairsAndBothExpireDeclined() throws Exception {
        ShopClient s = shop("inquiry", null, 2L);
        ShopClient other = shop("inquiry", null, 2L);
        Holder h = holder(10_000);
        String walletOrder = newOrder();
        String shopOrder = newOrder();
        String shared = newOrder();
        WalletClient.Reply w1 = purchase(h, s.merchantId, walletOrder, 500); // order id differs from the shop's
        assertEquals(202, order(s, shopOrder, 500, null).status());
        WalletClient.Reply w2 = purchase(h, other.merchantId, shared, 500); // same order id, another merchant
        assertEquals(202, order(s, shared, 500, null).status());
        assertEquals(202, w1.status());
        assertEquals(202, w2.status());
        Thread.sleep(3_000); // past the 2 s expiry; the gateway's sweep declines them
        for (String o : List.of(shopOrder, shared)) {
            ShopClient.Reply r = inquire(s, o);
            assertEquals("DECLINED", r.body().get("status").asText(), r.raw());
            assertEquals("EXPIRED", r.body().get("reason").asText());
            assertTrue(Receipt.verify(s.secret, r.body()));
        }
        for (WalletClient.Reply w : List.of(w1, w2)) {
            JsonNode mine = wallet.ok("GET", "/purchases/" + w.body().get("id").asLong(), null, h.token);
            assertEquals("DECLINED", mine.get("status").asText());
            assertEquals("EXPIRED", mine.get("reason").asText());
        }
        assertEquals(10_000, available(h.card));
        assertEquals(0, merchantLedger(s.merchantId));
        assertEquals(0, merchantLedger(other.merchantId));
    }

    @Test
    void aPairCompletedAfterTheExpiryIsDeclined() throws Exception {
        ShopClient s = shop("buyer", null, 1L);
        Holder h = holder(10_000);
        String orderId = newOrder();
        assertEquals(202, purchase(h, s.merchantId, orderId, 700).status());
        Thread.sleep(1_500);
        ShopClient.Reply r = order(s, orderId, 700, null);
        assertEquals(200, r.status(), r.raw());
        assertEquals("DECLINED", r.body().get("status").asText());
        assertEquals("EXPIRED", r.body().get("reason").asText());
        assertEquals(10_000, available(h.card));
    }

    // ---- the signature ----

    @Test
    void unsignedForgedStaleAndReplayedRequestsAre401() throws Exception {
        ShopClient s = shop("inquiry", null, null);
        String body = "{\"orderId\":\"" + newOrder() + "\",\"amount\":100}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ShopSigner signer = new ShopSigner(s.keyId, s.secret);

        ShopClient.Reply none = s.send("POST", "/orders", body, null);
        assertEquals(401, none.status());
        ShopClient.Reply forged = s.send("POST", "/orders", body, new ShopSigner(s.keyId, s.secret + "x").authorization("POST", "/orders", bytes));
        assertEquals(401, forged.status());
        assertTrue(forged.body().get("error").asText().contains("bad signature"), forged.raw());
        ShopClient.Reply otherBody = s.send("POST", "/orders", body.replace("100", "1"), signer.authorization("POST", "/orders", bytes));
        assertEquals(401, otherBody.status(), "a signature over another body");
        ShopClient.Reply unknownKey = s.send("POST", "/orders", body, new ShopSigner("gk_nosuchkey", s.secret).authorization("POST", "/orders", bytes));
        assertEquals(401, unknownKey.status());
        long stale = System.currentTimeMillis() / 1000 - 600;
        ShopClient.Reply old = s.send("POST", "/orders", body, signer.authorization(stale, ShopSigner.newNonce(), "POST", "/orders", bytes));
        assertEquals(401, old.status());
        assertTrue(old.body().get("error").asText().contains("timestamp"), old.raw());
        ShopClient.Reply future = s.send("POST", "/orders", body, signer.authorization(stale + 1200, ShopSigner.newNonce(), "POST", "/orders", bytes));
        assertEquals(401, future.status());

        String auth = signer.authorization("POST", "/orders", bytes);
        ShopClient.Reply once = s.send("POST", "/orders", body, auth);
        assertEquals(202, once.status(), once.raw());
        ShopClient.Reply replay = s.send("POST", "/orders", body, auth);
        assertEquals(401, replay.status());
        assertTrue(replay.body().get("error").asText().contains("replay"), replay.raw());
        for (ShopClient.Reply r : List.of(none, forged, otherBody, unknownKey, old, future, replay)) {
            assertEquals(1, r.body().size(), "one line: " + r.raw());
            assertFalse(r.raw().contains(s.secret));
        }
    }

    // ---- autofill and the card password; one-time codes ----

    @Test
    void autofillThenCardPasswordRightAndWrong() throws Exception {
        ShopClient s = shop("inquiry", null, null);
        Holder h = holder(10_000);
        JsonNode fill = wallet.ok("GET", "/cards/" + h.card + "/autofill", null, h.token);
        assertEquals(h.pan, fill.get("number").asText());
        assertEquals("Shopping", fill.get("name").asText());
        assertEquals(4, fill.get("expiry").asText().length());
        assertEquals(404, wallet.call("GET", "/cards/" + h.card + "/autofill", null, wallet.newCustomer("gw-other")).status(),
                "another customer's card is not there");
        String card = "\"cardNumber\":\"" + fill.get("number").asText() + "\",\"expiry\":\"" + fill.get("expiry").asText() + "\"";

        ShopClient.Reply wrong = order(s, newOrder(), 900, card + ",\"cardPassword\":\"9999\"");
        assertEquals(200, wrong.status(), wrong.raw());
        assertEquals("DECLINED", wrong.body().get("status").asText());
        assertEquals("55", wrong.body().get("responseCode").asText());
        assertEquals(10_000, available(h.card));

        String paid = newOrder();
        ShopClient.Reply right = order(s, paid, 900, card + ",\"cardPassword\":\"4321\"");
        assertEquals("APPROVED", right.body().get("status").asText(), right.raw());
        assertTrue(Receipt.verify(s.secret, right.body()));
        assertEquals(9_100, available(h.card));
        assertEquals(900, merchantLedger(s.merchantId));
        // the same order again: the same approval, no second debit
        assertEquals(right.body().get("approvalCode").asText(), order(s, paid, 900, card + ",\"cardPassword\":\"4321\"").body().get("approvalCode").asText());
        assertEquals(9_100, available(h.card));

        // wrong passwords count like PIN tries: the third in a row locks the PIN (75)
        assertEquals("55", order(s, newOrder(), 100, card + ",\"cardPassword\":\"1111\"").body().get("responseCode").asText());
        assertEquals("55", order(s, newOrder(), 100, card + ",\"cardPassword\":\"2222\"").body().get("responseCode").asText());
        assertEquals("75", order(s, newOrder(), 100, card + ",\"cardPassword\":\"3333\"").body().get("responseCode").asText());
        assertTrue(admin.ok("GET", "/cards/" + h.card, null).get("pinLocked").asBoolean());
        assertEquals("75", order(s, newOrder(), 100, card + ",\"cardPassword\":\"4321\"").body().get("responseCode").asText());
        assertEquals(9_100, available(h.card));
    }

    @Test
    void oneTimeCodePaysOnceAtTheGateway() throws Exception {
        ShopClient s = shop("inquiry", null, null);
        Holder h = holder(10_000);
        JsonNode minted = admin.ok("POST", "/cards/" + h.card + "/one-time-codes", "{\"maxAmount\":2000,\"expiresInSeconds\":600}");
        String code = minted.get("code").asText();
        secretsOfThisTest.add(code);
        ShopClient.Reply paid = order(s, newOrder(), 1_500, "\"oneTimeCode\":\"" + code + "\"");
        assertEquals("APPROVED", paid.body().get("status").asText(), paid.raw());
        assertEquals(8_500, available(h.card));
        ShopClient.Reply reused = order(s, newOrder(), 100, "\"oneTimeCode\":\"" + code + "\"");
        assertEquals("DECLINED", reused.body().get("status").asText());
        assertEquals("57", reused.body().get("responseCode").asText());
        assertEquals(8_500, available(h.card));
        assertEquals(1_500, merchantLedger(s.merchantId));
    }

    // ---- bad input ----

    @Test
    void badRegistrationsAndPurchasesGetOneLine() throws Exception {
        assertEquals(400, admin.call("POST", "/gateway/merchants", "{\"merchantId\":\"X1\",\"name\":\"n\",\"resultMode\":\"fax\"}").status());
        assertEquals(400, admin.call("POST", "/gateway/merchants", "{\"merchantId\":\"X1\",\"name\":\"n\",\"resultMode\":\"push\"}").status());
        assertEquals(400, admin.call("POST", "/gateway/merchants", "{\"merchantId\":\"X1\",\"name\":\"n\",\"resultMode\":\"push\",\"callbackUrl\":\"ftp://x\"}").status());
        ShopClient s = shop("buyer", null, null);
        assertEquals(409, admin.call("POST", "/gateway/merchants", "{\"merchantId\":\"" + s.merchantId + "\",\"name\":\"n\",\"resultMode\":\"buyer\"}").status());
        Holder h = holder(1_000);
        assertEquals(404, purchase(h, "NOSUCHSHOP", newOrder(), 100).status());
        assertEquals(404, wallet.call("POST", "/purchases", "{\"card\":999999,\"merchant\":\"" + s.merchantId + "\",\"orderId\":\"o1\",\"amount\":1}", h.token).status());
        assertEquals(401, wallet.call("POST", "/purchases", "{}", null).status());
        assertEquals(400, order(s, "bad order id!", 100, null).status());
        assertEquals(400, order(s, newOrder(), 0, null).status());
        assertEquals(400, order(s, newOrder(), 100, "\"cardNumber\":\"" + h.pan + "\"").status(), "a card number needs its password");
        assertEquals(405, s.call("DELETE", "/orders", null).status());
    }
}
