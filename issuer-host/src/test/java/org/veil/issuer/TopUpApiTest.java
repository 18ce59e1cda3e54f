package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.packagers.ResponseCode;

/**
 * Funding sources and top-ups of a real issuer host over real HTTP, with cash loads over the real host link: sources
 * added, masked, owned by one customer, removed; a bank top-up pending until the admin API confirms it, once; the
 * monthly load limit for every kind of load (admin 409, cash 61, top-up 422); a credit-card top-up with no switch to
 * reach fails cleanly and moves nothing. The ledger audits after each.
 */
@Timeout(120)
class TopUpApiTest {
    private static final String USD = "840";
    private static RunningIssuerHost host;
    private static WalletClient wallet;
    private static AdminClient admin;
    private static HostLinkClient link;

    @BeforeAll
    static void start() throws Exception {
        host = RunningIssuerHost.get();
        wallet = new WalletClient(host.walletPort);
        admin = new AdminClient(host.adminPort);
        link = new HostLinkClient(host.hostPort);
    }

    @AfterAll
    static void disconnect() throws Exception {
        link.close();
    }

    @AfterEach
    void audits() throws Exception {
        assertTrue(admin.ok("GET", "/audit", null).get("ok").asBoolean());
    }

    @Test
    void fundingSourcesAreMaskedOwnedByOneCustomerAndRemovable() throws Exception {
        String alice = wallet.newCustomer("fs");
        String bob = wallet.newCustomer("fs");
        JsonNode card = wallet.ok("POST", "/funding-sources", "{\"kind\":\"credit-card\",\"number\":\"4111 1100 0000 0013\",\"expiry\":\"3012\",\"name\":\"A\"}", alice);
        assertEquals("411111******0013", card.get("maskedNumber").asText());
        assertEquals("credit-card", card.get("kind").asText());
        assertFalse(card.toString().contains("4111110000000013"));
        assertEquals(409, wallet.call("POST", "/funding-sources", "{\"kind\":\"credit-card\",\"number\":\"4111110000000013\",\"expiry\":\"3012\",\"name\":\"A\"}", alice).status());
        JsonNode bank = wallet.ok("POST", "/funding-sources", "{\"kind\":\"bank-account\",\"iban\":\"GB82WEST12345698765432\",\"name\":\"A\"}", alice);
        assertEquals("GB****************5432", bank.get("maskedNumber").asText());
        WalletClient.Reply luhn = wallet.call("POST", "/funding-sources", "{\"kind\":\"credit-card\",\"number\":\"4111110000000012\",\"expiry\":\"3012\",\"name\":\"A\"}", alice);
        assertEquals(400, luhn.status());
        assertFalse(luhn.body().toString().contains("4111110000000012"));
        assertEquals(400, wallet.call("POST", "/funding-sources", "{\"kind\":\"credit-card\",\"number\":\"4111110000000021\",\"expiry\":\"2001\",\"name\":\"A\"}", alice).status());
        assertEquals(400, wallet.call("POST", "/funding-sources", "{\"kind\":\"bank-account\",\"iban\":\"GB00WEST12345698765432\",\"name\":\"A\"}", alice).status());
        assertEquals(400, wallet.call("POST", "/funding-sources", "{\"kind\":\"paypal\",\"name\":\"A\"}", alice).status());
        assertEquals(400, wallet.call("POST", "/funding-sources", "{\"kind\":\"bank-account\",\"iban\":\"GB82WEST12345698765432\",\"accountNumber\":\"123456\",\"name\":\"A\"}", alice).status());
        assertEquals(2, wallet.ok("GET", "/funding-sources", null, alice).size());
        assertEquals(0, wallet.ok("GET", "/funding-sources", null, bob).size());
        assertEquals(404, wallet.call("DELETE", "/funding-sources/" + card.get("id").asText(), null, bob).status());
        wallet.ok("DELETE", "/funding-sources/" + card.get("id").asText(), null, alice);
        assertEquals(404, wallet.call("DELETE", "/funding-sources/" + card.get("id").asText(), null, alice).status());
        assertEquals(1, wallet.ok("GET", "/funding-sources", null, alice).size());
        assertEquals(401, wallet.call("GET", "/funding-sources", null, null).status());
    }

    @Test
    void aBankTopUpWaitsForTheTransferAndIsCreditedOnce() throws Exception {
        String token = wallet.newCustomer("bank");
        long card = walletCard(token, "PREPAID-USD");
        long source = wallet.ok("POST", "/funding-sources", "{\"kind\":\"bank-account\",\"accountNumber\":\"00123456\",\"name\":\"A\"}", token).get("id").asLong();
        String body = "{\"card\":" + card + ",\"source\":" + source + ",\"amount\":12345,\"reference\":\"b-1\"}";
        WalletClient.Reply pending = wallet.call("POST", "/top-ups", body, token);
        assertEquals(202, pending.status(), pending.body().toString());
        String ref = pending.body().get("transferReference").asText();
        assertEquals(0, ledger(card));
        assertEquals("pending", admin.ok("GET", "/bank-transfers/" + ref, null).get("state").asText());
        assertEquals("completed", admin.ok("POST", "/bank-transfers/" + ref + "/confirm", null).get("state").asText());
        assertEquals("completed", admin.ok("POST", "/bank-transfers/" + ref + "/confirm", "{}").get("state").asText());
        assertEquals(12345, ledger(card));
        assertEquals(200, wallet.call("POST", "/top-ups", body, token).status(), "the same reference: the first result");
        assertEquals(409, wallet.call("POST", "/top-ups", body.replace("12345", "12346"), token).status(), "the same reference, another amount");
        assertEquals(12345, ledger(card));
        JsonNode list = wallet.ok("GET", "/top-ups", null, token);
        assertEquals(1, list.size());
        assertEquals("completed", list.get(0).get("state").asText());
        assertEquals(404, admin.call("POST", "/bank-transfers/BT2222222222/confirm", null).status());
        assertEquals(400, admin.call("POST", "/bank-transfers/nope/confirm", null).status());
        String other = wallet.newCustomer("bank");
        assertEquals(404, wallet.call("GET", "/top-ups/" + pending.body().get("id").asText(), null, other).status());
        assertEquals(404, wallet.call("POST", "/top-ups", body.replace("b-1", "b-2"), other).status(), "another customer's card and source");
    }

    @Test
    void theMonthlyLoadLimitHoldsForAdminCashAndWalletLoads() throws Exception {
        String token = wallet.newCustomer("limit");
        long card = walletCard(token, "TEST-LOW-LIMITS"); // maxMonthlyLoad 50000
        admin.ok("POST", "/cards/" + card + "/load", "{\"amount\":30000,\"reference\":\"lim-" + card + "\"}");
        String clear = cardPans.get(card);
        ISOMsg cash = HostLinkClient.request("2200", clear, "210000", 20_000, USD);
        assertEquals(ResponseCode.APPROVED.hostCode(), link.send(cash).getString(39));
        ISOMsg over = HostLinkClient.request("2200", clear, "210000", 1, USD);
        assertEquals(ResponseCode.EXCEEDS_AMOUNT_LIMIT.hostCode(), link.send(over).getString(39), "cash load over the month: 61");
        AdminClient.Reply adminOver = admin.call("POST", "/cards/" + card + "/load", "{\"amount\":1,\"reference\":\"lim2-" + card + "\"}");
        assertEquals(409, adminOver.status());
        assertTrue(adminOver.body().get("error").asText().contains("maxMonthlyLoad 50000, loaded this month 50000"), adminOver.body().toString());
        long source = wallet.ok("POST", "/funding-sources", "{\"kind\":\"bank-account\",\"accountNumber\":\"99123456\",\"name\":\"A\"}", token).get("id").asLong();
        WalletClient.Reply refused = wallet.call("POST", "/top-ups", "{\"card\":" + card + ",\"source\":" + source + ",\"amount\":1,\"reference\":\"r\"}", token);
        assertEquals(422, refused.status());
        assertEquals("refused", refused.body().get("state").asText());
        assertTrue(refused.body().get("error").asText().contains("maximum monthly load"), refused.body().toString());
        assertEquals(50_000, ledger(card));
    }

    @Test
    void aCreditCardTopUpWithNoSwitchToReachFailsAndMovesNothing() throws Exception {
        String token = wallet.newCustomer("nosw");
        long card = walletCard(token, "PREPAID-USD");
        long source = wallet.ok("POST", "/funding-sources", "{\"kind\":\"credit-card\",\"number\":\"4111110000000013\",\"expiry\":\"3012\",\"name\":\"A\"}", token).get("id").asLong();
        WalletClient.Reply r = wallet.call("POST", "/top-ups", "{\"card\":" + card + ",\"source\":" + source + ",\"amount\":500,\"reference\":\"x\"}", token);
        assertEquals(422, r.status(), r.body().toString());
        assertEquals("failed", r.body().get("state").asText());
        assertEquals("unanswered", r.body().get("reversal").asText());
        assertTrue(r.body().get("reason").asText().contains("did not answer"), r.body().toString());
        assertEquals(0, ledger(card));
    }

    private static final java.util.Map<Long, String> cardPans = new java.util.concurrent.ConcurrentHashMap<>();

    private static long walletCard(String token, String product) throws Exception {
        JsonNode c = wallet.ok("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"" + product + "\",\"name\":\"t\"}", token);
        cardPans.put(c.get("id").asLong(), c.get("pan").asText());
        return c.get("id").asLong();
    }

    private static long ledger(long card) throws Exception {
        return admin.ok("GET", "/cards/" + card, null).get("ledger").asLong();
    }
}
