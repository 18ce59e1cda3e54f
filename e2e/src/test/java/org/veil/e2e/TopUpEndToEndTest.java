package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * Wallet top-ups end to end: the issuer host, the switch and the simulated credit issuer as three processes. A bank
 * top-up waits until the bank transfer is confirmed (admin API); a credit-card top-up is a 0200 the issuer host sends
 * through the switch's VAN port, routed by prefix 4111110 to the credit issuer; a load refused after the funding approval
 * reverses it. Every test ends with the ledger audit.
 */
@Timeout(180)
class TopUpEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String APPROVES = "4111110000000013";
    private static final String SMALL_LIMIT = "4111110000000021";
    private static final String SLOW = "4111110000000047";
    private static final String SLOW_TOO = "4111110000000096";
    private static VeilStack stack;
    private static AdminClient admin;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("topups", Map.of());
        admin = stack.admin();
    }

    /** Once the three processes have stopped: no funding card number in clear in any file they left (databases, logs). */
    @AfterAll
    static void stopStackAndScanItsFiles() throws IOException {
        if (stack == null) return;
        stack.close();
        int files = 0;
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(stack.dataDir())) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) all.filter(java.nio.file.Files::isRegularFile)::iterator) {
                String raw = new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                files++;
                for (String pan : new String[] {APPROVES, SMALL_LIMIT, SLOW, SLOW_TOO}) assertFalse(raw.contains(pan), f + " holds a funding card number in clear");
            }
        }
        assertTrue(files >= 5, "files scanned: " + files);
    }

    @AfterEach
    void ledgerStillAudits() throws Exception {
        StackFixture.assertLedgerAudits(admin);
    }

    @Test
    void aBankTopUpIsCreditedOnlyWhenItsTransferIsConfirmedAndOnlyOnce() throws Exception {
        String token = customer();
        JsonNode card = card(token, "PREPAID-USD");
        JsonNode source = call(token, "POST", "/funding-sources",
                "{\"kind\":\"bank-account\",\"iban\":\"DE89 3704 0044 0532 0130 00\",\"name\":\"A Tester\"}", 201);
        assertEquals("DE****************3000", source.get("maskedNumber").asText());
        String body = topUp(card, source, 30_000, "bank-1");
        JsonNode pending = call(token, "POST", "/top-ups", body, 202);
        assertEquals("pending", pending.get("state").asText());
        String ref = pending.get("transferReference").asText();
        assertTrue(ref.matches("BT[A-Z0-9]{10}"), ref);
        assertEquals(0, admin.ledger(card.get("id").asText()), "nothing moves before the bank confirms");
        assertEquals(pending.get("id"), call(token, "POST", "/top-ups", body, 202).get("id"), "the same reference is the same top-up");

        JsonNode confirmed = json(admin.raw("POST", "/bank-transfers/" + ref + "/confirm", "{}"), 200);
        assertEquals("completed", confirmed.get("state").asText());
        assertEquals(30_000, admin.ledger(card.get("id").asText()));
        assertEquals("completed", json(admin.raw("POST", "/bank-transfers/" + ref + "/confirm", null), 200).get("state").asText());
        assertEquals(30_000, admin.ledger(card.get("id").asText()), "a second confirmation moves nothing");
        assertEquals("completed", call(token, "GET", "/top-ups/" + pending.get("id").asText(), null, 200).get("state").asText());
        assertEquals(200, wallet(token, "POST", "/top-ups", body).statusCode(), "a repeat of a completed top-up is 200");
        assertEquals(404, admin.raw("POST", "/bank-transfers/BT0000000000/confirm", null).statusCode());
    }

    @Test
    void aBankTransferOverTheMonthlyLoadAtConfirmationIsReturnedAndMovesNothing() throws Exception {
        String token = customer();
        JsonNode card = card(token, "TEST-LOW-LIMITS"); // maxBalance 100000, maxMonthlyLoad 50000
        JsonNode source = call(token, "POST", "/funding-sources", "{\"kind\":\"bank-account\",\"accountNumber\":\"12345678\",\"name\":\"A\"}", 201);
        JsonNode pending = call(token, "POST", "/top-ups", topUp(card, source, 40_000, "bank-2"), 202);
        admin.load(card.get("id").asText(), 20_000, "low-" + card.get("id").asText());
        JsonNode returned = json(admin.raw("POST", "/bank-transfers/" + pending.get("transferReference").asText() + "/confirm", null), 200);
        assertEquals("returned", returned.get("state").asText());
        assertTrue(returned.get("reason").asText().contains("maxMonthlyLoad 50000"), returned.toString());
        assertEquals(20_000, admin.ledger(card.get("id").asText()));
    }

    @Test
    void aCreditCardTopUpIsAuthorizedThroughTheSwitchAndLoadedOnce() throws Exception {
        String token = customer();
        JsonNode card = card(token, "PREPAID-USD");
        JsonNode source = creditCard(token, APPROVES);
        assertEquals("411111******0013", source.get("maskedNumber").asText());
        assertFalse(source.toString().contains(APPROVES), "the number is never shown again");
        String body = topUp(card, source, 25_000, "cc-1");
        JsonNode done = call(token, "POST", "/top-ups", body, 201);
        assertEquals("completed", done.get("state").asText());
        assertEquals("00", done.get("responseCode").asText());
        assertEquals(6, done.get("approvalCode").asText().length());
        assertEquals(25_000, admin.ledger(card.get("id").asText()));
        JsonNode again = call(token, "POST", "/top-ups", body, 200);
        assertEquals(done.get("approvalCode"), again.get("approvalCode"));
        assertEquals(25_000, admin.ledger(card.get("id").asText()), "a repeated reference moves no money twice");
        assertEquals(409, wallet(token, "POST", "/top-ups", topUp(card, source, 25_001, "cc-1")).statusCode());
    }

    @Test
    void aDeclineOverTheCreditLimitIs422WithTheReasonAndMovesNothing() throws Exception {
        String token = customer();
        JsonNode card = card(token, "PREPAID-USD");
        JsonNode source = creditCard(token, SMALL_LIMIT); // credit limit 5000
        HttpResponse<String> r = wallet(token, "POST", "/top-ups", topUp(card, source, 6_000, "cc-decline"));
        assertEquals(422, r.statusCode(), r.body());
        JsonNode declined = JSON.readTree(r.body());
        assertEquals("declined", declined.get("state").asText());
        assertEquals("51", declined.get("responseCode").asText());
        assertTrue(declined.get("reason").asText().contains("credit limit"), declined.toString());
        assertEquals(0, admin.ledger(card.get("id").asText()));
    }

    @Test
    void overTheAnonymousLimitsEveryKindOfLoadIsRefusedNamingTheLimit() throws Exception {
        String token = customer();
        JsonNode card = card(token, "TEST-LOW-LIMITS");
        JsonNode cc = creditCard(token, APPROVES);
        JsonNode refused = JSON.readTree(wallet(token, "POST", "/top-ups", topUp(card, cc, 60_000, "over-month")).body());
        assertEquals("refused", refused.get("state").asText());
        assertTrue(refused.get("reason").asText().contains("maxMonthlyLoad"), refused.toString());
        assertEquals(201, wallet(token, "POST", "/top-ups", topUp(card, cc, 45_000, "under")).statusCode());
        try (IsoClient terminal = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal())) {
            RequestFactory f = new RequestFactory("TERM0001", "MERCHANT0000001", "Veil Demo Coffee", "840");
            CardData data = CardData.keyed(card.get("pan").asText(), card.get("expiry").asText());
            assertEquals("61", terminal.call(f.load(data, 10_000), Duration.ofSeconds(15)).getString(39), "cash load over the month: 61");
            assertEquals("00", terminal.call(f.load(data, 5_000), Duration.ofSeconds(15)).getString(39), "up to the limit: approved");
        }
        HttpResponse<String> adminLoad = admin.raw("POST", "/cards/" + card.get("id").asText() + "/load", "{\"amount\":1,\"reference\":\"x" + SEQ.incrementAndGet() + "\"}");
        assertEquals(409, adminLoad.statusCode());
        assertTrue(adminLoad.body().contains("maxMonthlyLoad"), adminLoad.body());
        assertEquals(50_000, admin.ledger(card.get("id").asText()));
    }

    @Test
    void aLoadRefusedAfterTheFundingApprovalReversesTheFundingAuthorization() throws Exception {
        String token = customer();
        JsonNode card = card(token, "TEST-LOW-LIMITS"); // maxMonthlyLoad 50000
        JsonNode slow = creditCard(token, SLOW); // its issuer answers after 3 s, credit limit 1000000
        CompletableFuture<HttpResponse<String>> topUp = CompletableFuture.supplyAsync(() -> {
            try {
                return wallet(token, "POST", "/top-ups", topUp(card, slow, 40_000, "slow"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(1_000); // the funding authorization is out; a cash load uses up the month meanwhile
        try (IsoClient terminal = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal())) {
            RequestFactory f = new RequestFactory("TERM0002", "MERCHANT0000001", "Veil Demo Coffee", "840");
            CardData data = CardData.keyed(card.get("pan").asText(), card.get("expiry").asText());
            assertEquals("00", terminal.call(f.load(data, 20_000), Duration.ofSeconds(15)).getString(39));
        }
        HttpResponse<String> r = topUp.get();
        assertEquals(422, r.statusCode(), r.body());
        JsonNode failed = JSON.readTree(r.body());
        assertEquals("failed", failed.get("state").asText(), failed.toString());
        assertEquals("reversed", failed.get("reversal").asText(), failed.toString());
        assertTrue(failed.get("reason").asText().contains("maxMonthlyLoad"), failed.toString());
        assertEquals(20_000, admin.ledger(card.get("id").asText()), "only the cash load is on the card");
        // The reversal gave the 40000 back to the credit card: its whole limit of 1000000 is free again.
        JsonNode big = card(token, "PREPAID-USD");
        JsonNode all = call(token, "POST", "/top-ups", topUp(big, slow, 1_000_000, "slow-all"), 201);
        assertEquals("completed", all.get("state").asText());
    }

    @Test
    void aTopUpCutOffByAnIssuerCrashIsReversedAtTheNextStart() throws Exception {
        String token = customer();
        JsonNode card = card(token, "PREPAID-USD");
        JsonNode slow = creditCard(token, SLOW_TOO);
        CompletableFuture<Void> cutOff = CompletableFuture.runAsync(() -> {
            try {
                wallet(token, "POST", "/top-ups", topUp(card, slow, 70_000, "crash"));
            } catch (IOException e) {
                // the issuer host died under the request: expected
            }
        });
        Thread.sleep(1_000); // the funding purchase is out at the credit issuer, which answers after 3 s
        stack.killIssuer();
        cutOff.get();
        stack.startIssuer();
        JsonNode t = null;
        for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline; Thread.sleep(500)) {
            t = call(token, "GET", "/top-ups", null, 200).get(0);
            if (t.get("state").asText().equals("failed")) break;
        }
        assertEquals("failed", t.get("state").asText(), String.valueOf(t));
        assertEquals("reversed", t.get("reversal").asText(), t.toString());
        assertEquals(0, admin.ledger(card.get("id").asText()));
        // the approval the crash left on the credit card was given back: the whole limit loads again
        assertEquals("completed", call(token, "POST", "/top-ups", topUp(card, slow, 1_000_000, "after-crash"), 201).get("state").asText());
    }

    @Test
    void fundingSourcesBelongToOneCustomerAndBadInputIsOneLine() throws Exception {
        String alice = customer();
        String bob = customer();
        JsonNode source = creditCard(alice, APPROVES);
        JsonNode bobCard = card(bob, "PREPAID-USD");
        assertEquals(404, wallet(bob, "DELETE", "/funding-sources/" + source.get("id").asText(), null).statusCode());
        assertEquals(404, wallet(bob, "POST", "/top-ups", topUp(bobCard, source, 100, "theirs")).statusCode());
        HttpResponse<String> bad = wallet(alice, "POST", "/funding-sources", "{\"kind\":\"credit-card\",\"number\":\"4111110000000014\",\"expiry\":\"3012\",\"name\":\"A\"}");
        assertEquals(400, bad.statusCode());
        assertFalse(bad.body().contains("4111110000000014"), "a typed number is never echoed");
        assertEquals(400, wallet(alice, "POST", "/funding-sources", "{\"kind\":\"bank-account\",\"iban\":\"DE00370400440532013000\",\"name\":\"A\"}").statusCode());
        assertEquals(1, call(alice, "GET", "/funding-sources", null, 200).size());
        call(alice, "DELETE", "/funding-sources/" + source.get("id").asText(), null, 200);
        assertEquals(0, call(alice, "GET", "/funding-sources", null, 200).size());
        assertEquals(401, wallet(null, "GET", "/top-ups", null).statusCode());
    }

    // --- wallet helpers -------------------------------------------------------------------------------------------

    private static String customer() throws IOException {
        String id = "topup-" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100000;
        call(null, "POST", "/customers", "{\"customerId\":\"" + id + "\",\"password\":\"correct horse battery\"}", 201);
        return call(null, "POST", "/sessions", "{\"customerId\":\"" + id + "\",\"password\":\"correct horse battery\"}", 201).get("token").asText();
    }

    private static JsonNode card(String token, String product) throws IOException {
        return call(token, "POST", "/cards", "{\"type\":\"virtual\",\"product\":\"" + product + "\",\"name\":\"top-ups\"}", 201);
    }

    private static JsonNode creditCard(String token, String pan) throws IOException {
        return call(token, "POST", "/funding-sources", "{\"kind\":\"credit-card\",\"number\":\"" + pan + "\",\"expiry\":\"3012\",\"name\":\"A Tester\"}", 201);
    }

    private static String topUp(JsonNode card, JsonNode source, long amount, String reference) {
        return "{\"card\":" + card.get("id").asText() + ",\"source\":" + source.get("id").asText() + ",\"amount\":" + amount
                + ",\"reference\":\"" + reference + "\"}";
    }

    private static JsonNode call(String token, String method, String path, String body, int expected) throws IOException {
        return json(wallet(token, method, path, body), expected);
    }

    private static JsonNode json(HttpResponse<String> r, int expected) throws IOException {
        assertEquals(expected, r.statusCode(), r.body());
        JsonNode n = JSON.readTree(r.body());
        assertNotNull(n);
        return n;
    }

    private static HttpResponse<String> wallet(String token, String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.ports().wallet() + path)).timeout(Duration.ofSeconds(60));
        if (token != null) b = b.header("Authorization", "Bearer " + token);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
