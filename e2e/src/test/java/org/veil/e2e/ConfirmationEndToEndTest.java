package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.packagers.Dialect;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * System 4 with the cardholder's confirmation, through the real switch (TERMINAL port, issuer timeout 5 s) to the real
 * issuer host, and the real wallet API: the holder mints a code in the wallet; a payment above the threshold (10000)
 * waits until the holder approves it (00, the code burned, the money moved), refuses it (05) or lets the 4 s deadline
 * pass (05, no money moved); under the threshold nothing is asked.
 */
@Timeout(120)
class ConfirmationEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static VeilStack stack;
    private static AdminClient admin;
    private final RequestFactory factory = new RequestFactory("TERM0004", "MERCHANT0000001", "Veil Demo Coffee", "840");

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("confirm", Map.of());
        admin = stack.admin();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) stack.close();
    }

    @AfterEach
    void ledgerStillAudits() throws Exception {
        StackFixture.assertLedgerAudits(admin);
    }

    private record Reply(int status, JsonNode body) {}

    private static Reply wallet(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.ports().wallet() + path)).timeout(Duration.ofSeconds(10));
        if (body != null) b.header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    private static JsonNode ok(String method, String path, String body, String token) throws Exception {
        Reply r = wallet(method, path, body, token);
        assertTrue(r.status() < 300, method + " " + path + " -> " + r.status() + " " + r.body());
        return r.body();
    }

    private record Holder(String token, long card) {}

    private static Holder holder() throws Exception {
        String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        ok("POST", "/customers", "{\"customerId\":\"" + id + "\",\"password\":\"Correct-Horse-9\"}", null);
        String token = ok("POST", "/sessions", "{\"customerId\":\"" + id + "\",\"password\":\"Correct-Horse-9\"}", null).get("token").asText();
        long card = ok("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"Shopping\"}", token).get("id").asLong();
        admin.load(String.valueOf(card), 50_000, "confirm-e2e-" + card);
        return new Holder(token, card);
    }

    private static long mint(Holder h, long max) throws Exception {
        Reply r = wallet("POST", "/cards/" + h.card + "/one-time-codes", "{\"maxAmount\":" + max + ",\"expiresInMinutes\":10}", h.token);
        assertEquals(201, r.status(), r.body().toString());
        return Long.parseLong(r.body().get("code").asText());
    }

    private ISOMsg codePurchase(long code, long amount) {
        return factory.oneTimeCodePurchase(OneTimeCodes.CARRIER_PAN, String.valueOf(code), amount);
    }

    private static IsoClient connect() throws Exception {
        return IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal());
    }

    private static JsonNode awaitPending(Holder h) throws Exception {
        long deadline = System.currentTimeMillis() + 3_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode list = ok("GET", "/confirmations", null, h.token);
            if (!list.isEmpty()) return list.get(0);
            Thread.sleep(20);
        }
        throw new AssertionError("no pending confirmation");
    }

    private static String codeStatus(Holder h) throws Exception {
        return ok("GET", "/cards/" + h.card + "/one-time-codes", null, h.token).get(0).get("status").asText();
    }

    @Test
    void confirmedInTimeItIsApprovedAndTheCodeBurns() throws Exception {
        Holder h = holder();
        long code = mint(h, 30_000);
        try (IsoClient c = connect()) {
            ISOMsg req = codePurchase(code, 20_000);
            CompletableFuture<ISOMsg> answer = c.send(req, TIMEOUT);
            JsonNode pending = awaitPending(h);
            assertEquals(20_000, pending.get("amount").asLong());
            assertEquals("MERCHANT0000001", pending.get("merchant").asText());
            assertEquals(50_000, admin.ledger(String.valueOf(h.card)), "nothing moves before the holder answers");
            ok("POST", "/confirmations/" + pending.get("id").asLong(), "{\"approve\":true}", h.token);
            ISOMsg ans = answer.get(10, TimeUnit.SECONDS);
            assertEquals("00", ans.getString(39));
            assertEquals("000000020000", ans.getString(4));
            ISOMsg again = c.call(RequestFactory.repeat(req), TIMEOUT);
            assertEquals("00", again.getString(39), "a repeat gets the original answer");
            assertEquals(ans.getString(38), again.getString(38));
            assertEquals("57", c.call(codePurchase(code, 1_000), TIMEOUT).getString(39), "the code is burned");
        }
        assertEquals("used", codeStatus(h));
        assertEquals(30_000, admin.ledger(String.valueOf(h.card)));
    }

    @Test
    void withoutConfirmationItIsDeclinedBeforeTheSwitchTimesOutAndNoMoneyMoves() throws Exception {
        Holder h = holder();
        long code = mint(h, 30_000);
        long merchantBefore = admin.merchant("MERCHANT0000001").path("ledger").asLong();
        try (IsoClient c = connect()) {
            long t0 = System.nanoTime();
            ISOMsg req = codePurchase(code, 20_000);
            ISOMsg ans = c.call(req, TIMEOUT);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("05", ans.getString(39), "declined by the issuer at its deadline, not 91 from the switch");
            assertTrue(ms >= 3_500 && ms < 5_000, "answered at the issuer's 4 s deadline: " + ms + " ms");
            assertEquals("05", c.call(RequestFactory.repeat(req), TIMEOUT).getString(39), "a repeat gets the same answer");
        }
        assertEquals(50_000, admin.ledger(String.valueOf(h.card)));
        assertEquals(merchantBefore, admin.merchant("MERCHANT0000001").path("ledger").asLong());
        assertEquals("active", codeStatus(h));
        assertEquals(0, ok("GET", "/confirmations", null, h.token).size());
    }

    @Test
    void refusedItIsDeclined() throws Exception {
        Holder h = holder();
        long code = mint(h, 30_000);
        try (IsoClient c = connect()) {
            CompletableFuture<ISOMsg> answer = c.send(codePurchase(code, 15_000), TIMEOUT);
            ok("POST", "/confirmations/" + awaitPending(h).get("id").asLong(), "{\"approve\":false}", h.token);
            assertEquals("05", answer.get(10, TimeUnit.SECONDS).getString(39));
        }
        assertEquals(50_000, admin.ledger(String.valueOf(h.card)));
    }

    @Test
    void underTheThresholdNoConfirmationIsNeeded() throws Exception {
        Holder h = holder();
        long code = mint(h, 30_000);
        try (IsoClient c = connect()) {
            long t0 = System.nanoTime();
            assertEquals("00", c.call(codePurchase(code, 10_000), TIMEOUT).getString(39));
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "answered at once");
        }
        assertEquals(0, ok("GET", "/confirmations", null, h.token).size());
        assertEquals(40_000, admin.ledger(String.valueOf(h.card)));
        assertEquals("used", codeStatus(h));
    }
}
