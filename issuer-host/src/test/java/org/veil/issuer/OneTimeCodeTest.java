package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.PrivateData;
import org.veil.packagers.ResponseCode;

/**
 * One-time codes, single-use and merchant-locked cards over the real host link and admin API of a real issuer host
 * (H2): every answer, what it did to the card's money, and the ledger audit after each test.
 */
@Timeout(60)
class OneTimeCodeTest {
    private static final String USD = "840";
    private static final String SHOP = "MERCHANT0000001";
    private static final String OTHER_SHOP = "VANSHOP00000001";
    private static AdminClient admin;
    private static HostLinkClient link;

    @BeforeAll
    static void start() throws Exception {
        RunningIssuerHost host = RunningIssuerHost.get();
        admin = new AdminClient(host.adminPort);
        link = new HostLinkClient(host.hostPort);
    }

    @AfterAll
    static void disconnect() throws Exception {
        link.close();
    }

    @AfterEach
    void ledgerStillBalances() throws Exception {
        JsonNode audit = admin.ok("GET", "/audit", null);
        assertTrue(audit.get("ok").asBoolean(), "audit: " + audit);
        assertEquals(0, audit.get("postingsSum").asLong());
    }

    // ---- helpers ----

    private static String mint(JsonNode card, long max, long seconds, String merchant) throws Exception {
        AdminClient.Reply r = admin.call("POST", "/cards/" + card.get("id").asLong() + "/one-time-codes", "{\"maxAmount\":" + max
                + ",\"expiresInSeconds\":" + seconds + (merchant == null ? "" : ",\"merchant\":\"" + merchant + "\"") + "}");
        assertEquals(201, r.status(), r.body().toString());
        String code = r.body().get("code").asText();
        assertTrue(OneTimeCodes.wellFormed(code) && !CardNumbers.luhnValid(code) && code.charAt(0) != '9' && code.charAt(0) != '0', code);
        assertEquals(max, r.body().get("maxAmount").asLong());
        assertEquals(USD, r.body().get("currency").asText());
        return code;
    }

    private static ISOMsg withCode(String mti, String code, long amount, String merchant) throws Exception {
        ISOMsg m = HostLinkClient.request(mti, OneTimeCodes.CARRIER_PAN, "000000", amount, USD);
        m.set(48, PrivateData.empty().with(PrivateData.ONE_TIME_CODE, code).format());
        m.set(42, merchant);
        return m;
    }

    private static ISOMsg purchase(String code, long amount) throws Exception {
        return withCode("2200", code, amount, SHOP);
    }

    private static ISOMsg cardPurchase(JsonNode card, long amount, String merchant) throws Exception {
        ISOMsg m = HostLinkClient.request("2200", card.get("pan").asText(), "000000", amount, USD);
        m.set(42, merchant);
        return m;
    }

    private static String rc(ISOMsg answer) {
        return ResponseCode.fromHostCode(answer.getString(39)).code();
    }

    private static JsonNode show(JsonNode card) throws Exception {
        return admin.ok("GET", "/cards/" + card.get("id").asLong(), null);
    }

    private static long available(JsonNode card) throws Exception {
        return show(card).get("available").asLong();
    }

    // ---- one-time codes ----

    @Test
    void aCodePaysOnceFromItsCardAndIsThenBurned() throws Exception {
        assertTrue(CardNumbers.luhnValid(OneTimeCodes.CARRIER_PAN) && OneTimeCodes.CARRIER_PAN.startsWith("999998"));
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        String code = mint(card, 5_000, 600, null);
        ISOMsg a = link.send(purchase(code, 3_000));
        assertEquals("00", rc(a));
        assertEquals(7_000, available(card));
        JsonNode codes = show(card).get("oneTimeCodes");
        assertEquals(1, codes.size());
        assertEquals(code.substring(0, 2) + "************" + code.substring(14), codes.get(0).get("maskedCode").asText());
        assertFalse(codes.get(0).get("usedAt").isNull(), "burned: " + codes);
        assertFalse(show(card).toString().contains(code), "a card's view never shows a code");
        assertEquals("57", rc(link.send(purchase(code, 1_000))), "a used code never pays again");
        assertEquals("57", rc(link.send(withCode("2100", code, 1_000, SHOP))));
        assertEquals(7_000, available(card));
        JsonNode merchant = admin.ok("GET", "/merchants/" + SHOP, null);
        assertEquals(a.getString(37).trim(), merchant.get("payments").get(0).get("rrn").asText(), "the merchant is paid");
    }

    @Test
    void anAuthorizationWithACodeHoldsAndBurnsIt() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        String code = mint(card, 5_000, 600, null);
        assertEquals("00", rc(link.send(withCode("2100", code, 4_000, SHOP))));
        JsonNode shown = show(card);
        assertEquals(6_000, shown.get("available").asLong());
        assertEquals(10_000, shown.get("ledger").asLong());
        assertEquals(1, shown.get("holds").size());
        assertEquals("57", rc(link.send(purchase(code, 100))));
    }

    @Test
    void overTheMaximumIs61AndTheCodeStillPaysWithin() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        String code = mint(card, 5_000, 600, null);
        assertEquals("61", rc(link.send(purchase(code, 5_001))));
        assertEquals(10_000, available(card));
        assertEquals("00", rc(link.send(purchase(code, 5_000))), "a declined use does not burn the code");
        assertEquals(5_000, available(card));
    }

    @Test
    void insufficientFundsIs51AndDoesNotBurnTheCode() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 1_000);
        String code = mint(card, 5_000, 600, null);
        assertEquals("51", rc(link.send(purchase(code, 2_000))));
        assertEquals("00", rc(link.send(purchase(code, 1_000))));
        assertEquals(0, available(card));
    }

    @Test
    void anExpiredCodeIs54() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        // Minted through the service the cardholder API will call, to expire within the test.
        OneTimeCodes.Minted minted = Issuer.await().oneTimeCodes().mint(card.get("id").asLong(), 5_000, System.currentTimeMillis() + 300, null);
        assertFalse(minted.toString().contains(minted.code()), "a minted code's toString is masked: " + minted);
        Thread.sleep(400);
        assertEquals("54", rc(link.send(purchase(minted.code(), 1_000))));
        assertEquals(10_000, available(card));
    }

    @Test
    void aCodeForOneMerchantIs57ElsewhereAndPaysThere() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        String code = mint(card, 5_000, 600, SHOP);
        assertEquals("57", rc(link.send(withCode("2200", code, 1_000, OTHER_SHOP))));
        assertEquals(10_000, available(card));
        assertEquals("00", rc(link.send(withCode("2200", code, 1_000, SHOP))));
        assertEquals(9_000, available(card));
    }

    @Test
    void aRepeatOfTheApprovedRequestGetsItsAnswerAndIsNoReuse() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        String code = mint(card, 5_000, 600, null);
        ISOMsg first = purchase(code, 2_000);
        ISOMsg a = link.send(first);
        assertEquals("00", rc(a));
        ISOMsg again = (ISOMsg) first.clone();
        again.setMTI("2201");
        ISOMsg b = link.send(again);
        assertEquals("00", rc(b), "the original's answer, not 57");
        assertEquals(a.getString(38), b.getString(38), "the same approval code");
        assertEquals(8_000, available(card), "no money moved twice");
        ISOMsg resent = (ISOMsg) first.clone();
        assertEquals(a.getString(38), link.send(resent).getString(38), "the same request again: the same answer");
    }

    @Test
    void aReversalRestoresTheMoneyButNotTheCode() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        String code = mint(card, 5_000, 600, null);
        ISOMsg p = purchase(code, 2_500);
        assertEquals("00", rc(link.send(p)));
        ISOMsg rev = HostLinkClient.request("2400", OneTimeCodes.CARRIER_PAN, "000000", 0, USD);
        rev.set(37, p.getString(37));
        rev.set(56, "2200" + p.getString(11) + p.getString(7) + "00000000001");
        assertEquals("00", rc(link.send(rev)));
        assertEquals(10_000, available(card));
        assertEquals("57", rc(link.send(purchase(code, 100))), "a reversed code stays used");
    }

    @Test
    void twoUsesOfOneCodeAtOnceOnTwoConnectionsApproveExactlyOne() throws Exception {
        RunningIssuerHost host = RunningIssuerHost.get();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (HostLinkClient one = new HostLinkClient(host.hostPort); HostLinkClient two = new HostLinkClient(host.hostPort)) {
            for (int round = 0; round < 5; round++) {
                JsonNode card = admin.issue("PREPAID-USD", 10_000);
                String code = mint(card, 5_000, 600, null);
                ISOMsg a = purchase(code, 1_000);
                ISOMsg b = purchase(code, 1_000);
                CountDownLatch go = new CountDownLatch(1);
                Future<ISOMsg> fa = pool.submit(() -> { go.await(); return one.send(a); });
                Future<ISOMsg> fb = pool.submit(() -> { go.await(); return two.send(b); });
                go.countDown();
                List<String> codes = new ArrayList<>(List.of(rc(fa.get()), rc(fb.get())));
                codes.sort(null);
                assertEquals(List.of("00", "57"), codes, "round " + round);
                assertEquals(9_000, available(card), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCodeIsNoCardNumberAndNeedsTheCarrierAndASpend() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        String code = mint(card, 5_000, 600, null);
        assertEquals("14", rc(link.send(purchase("1234567890123452", 100))), "an unknown code");
        assertEquals("14", rc(link.send(purchase("12345", 100))), "not even a code's shape");
        ISOMsg withCardPan = purchase(code, 100);
        withCardPan.set(2, card.get("pan").asText());
        assertEquals("12", rc(link.send(withCardPan)), "a code comes with the carrier number in field 2");
        ISOMsg refund = purchase(code, 100);
        refund.set(3, "200000");
        assertEquals("12", rc(link.send(refund)), "a code pays; it takes no refund");
        assertEquals("14", rc(link.send(HostLinkClient.request("2200", OneTimeCodes.CARRIER_PAN, "000000", 100, USD))),
                "the carrier number alone is no card");
        assertEquals(10_000, available(card));
        admin.ok("POST", "/cards/" + card.get("id").asLong() + "/state", "{\"state\":\"BLOCKED\"}");
        assertEquals("62", rc(link.send(purchase(code, 100))), "a code pays only from a card that may pay");
        assertEquals(409, admin.call("POST", "/cards/" + card.get("id").asLong() + "/one-time-codes",
                "{\"maxAmount\":100,\"expiresInSeconds\":60}").status(), "no code for a blocked card");
        admin.ok("POST", "/cards/" + card.get("id").asLong() + "/state", "{\"state\":\"ACTIVE\"}");
        assertEquals("00", rc(link.send(purchase(code, 100))));
    }

    // ---- single-use and merchant-locked cards ----

    @Test
    void aSingleUseCardClosesWithItsFirstApproval() throws Exception {
        JsonNode card = issue("single", 10_000);
        assertEquals("single", card.get("use").asText());
        assertEquals("00", rc(link.send(cardPurchase(card, 1_000, SHOP))));
        JsonNode shown = show(card);
        assertEquals("CLOSED", shown.get("state").asText());
        assertEquals(9_000, shown.get("available").asLong());
        assertEquals("57", rc(link.send(cardPurchase(card, 1_000, SHOP))), "a used single-use number");
        assertEquals(9_000, available(card));
    }

    @Test
    void aSingleUseCardUsedTwiceAtOnceApprovesOnce() throws Exception {
        RunningIssuerHost host = RunningIssuerHost.get();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (HostLinkClient one = new HostLinkClient(host.hostPort); HostLinkClient two = new HostLinkClient(host.hostPort)) {
            JsonNode card = issue("single", 10_000);
            ISOMsg a = cardPurchase(card, 1_000, SHOP);
            ISOMsg b = cardPurchase(card, 1_000, OTHER_SHOP);
            CountDownLatch go = new CountDownLatch(1);
            Future<ISOMsg> fa = pool.submit(() -> { go.await(); return one.send(a); });
            Future<ISOMsg> fb = pool.submit(() -> { go.await(); return two.send(b); });
            go.countDown();
            List<String> codes = new ArrayList<>(List.of(rc(fa.get()), rc(fb.get())));
            codes.sort(null);
            assertEquals(List.of("00", "57"), codes);
            assertEquals(9_000, available(card));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMerchantLockedCardPaysOnlyItsFirstMerchant() throws Exception {
        JsonNode card = issue("merchant-locked", 10_000);
        assertEquals("merchant-locked", card.get("use").asText());
        ISOMsg balance = HostLinkClient.request("2200", card.get("pan").asText(), "310000", -1, USD);
        balance.set(42, OTHER_SHOP);
        assertEquals("00", rc(link.send(balance)), "an inquiry spends nothing and locks nothing");
        assertEquals("51", rc(link.send(cardPurchase(card, 20_000, OTHER_SHOP))), "a decline locks nothing");
        assertEquals("00", rc(link.send(cardPurchase(card, 1_000, SHOP))));
        assertEquals(SHOP, show(card).get("lockedMerchant").asText());
        assertEquals("57", rc(link.send(cardPurchase(card, 1_000, OTHER_SHOP))));
        assertEquals("00", rc(link.send(cardPurchase(card, 1_000, SHOP))), "the same merchant again");
        assertEquals(8_000, available(card));
        assertEquals("ACTIVE", show(card).get("state").asText());
    }

    @Test
    void aCodeOnASingleUseCardIsBoundByBoth() throws Exception {
        JsonNode card = issue("single", 10_000);
        String first = mint(card, 5_000, 600, null);
        String second = mint(card, 5_000, 600, null);
        assertEquals("00", rc(link.send(purchase(first, 1_000))));
        assertEquals("CLOSED", show(card).get("state").asText());
        assertEquals("57", rc(link.send(purchase(second, 1_000))), "the card is used up, whichever code");
    }

    private static JsonNode issue(String use, long load) throws Exception {
        AdminClient.Reply r = admin.call("POST", "/cards", "{\"product\":\"PREPAID-USD\",\"use\":\"" + use + "\"}");
        assertEquals(201, r.status(), r.body().toString());
        JsonNode card = r.body();
        admin.ok("POST", "/cards/" + card.get("id").asLong() + "/load", "{\"amount\":" + load + "}");
        assertNotNull(card.get("pan"));
        return card;
    }
}
