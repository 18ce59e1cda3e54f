package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.jpos.iso.ISOMsg;
import org.jpos.util.NameRegistrar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.packagers.AdditionalAmounts;
import org.veil.packagers.HostMessages;
import org.veil.packagers.PrivateData;
import org.veil.packagers.ResponseCode;

/** The issuer host over real sockets and a real H2 database: CMF on the host link, JSON on the admin API. */
@Timeout(30)
class IssuerHostTest {
    private static final String USD = "840";
    private static RunningIssuerHost host;
    private static AdminClient admin;
    private static HostLinkClient link;

    @BeforeAll
    static void start() throws Exception {
        host = RunningIssuerHost.get();
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

    private static String pan(JsonNode card) {
        return card.get("pan").asText();
    }

    private static JsonNode show(JsonNode card) throws Exception {
        return admin.ok("GET", "/cards/" + card.get("id").asLong(), null);
    }

    private static long available(JsonNode card) throws Exception {
        return show(card).get("available").asLong();
    }

    private static long ledger(JsonNode card) throws Exception {
        return show(card).get("ledger").asLong();
    }

    private static String rc(ISOMsg answer) {
        return ResponseCode.fromHostCode(answer.getString(39)).code();
    }

    private static long amount(ISOMsg answer) throws Exception {
        return HostMessages.minorUnits(answer);
    }

    private static ISOMsg purchase(JsonNode card, long amount) throws Exception {
        return HostLinkClient.request("2200", pan(card), "000000", amount, USD);
    }

    private static ISOMsg auth(JsonNode card, long amount) throws Exception {
        return HostLinkClient.request("2100", pan(card), "000000", amount, USD);
    }

    private static ISOMsg reversalOf(ISOMsg original, long remaining) throws Exception {
        ISOMsg r = HostLinkClient.request("2400", original.getString(2), original.getString(3), remaining, USD);
        r.set(37, original.getString(37));
        r.set(56, original.getMTI() + original.getString(11) + original.getString(7) + "00000000001");
        return r;
    }

    // ---- purchases ----

    @Test
    void purchaseIsApprovedWithBalancesInField54() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        ISOMsg req = purchase(card, 2_500);
        ISOMsg a = link.send(req);
        assertEquals("2210", a.getMTI());
        assertEquals("00", rc(a));
        assertEquals(6, a.getString(38).length());
        assertEquals(2_500, amount(a));
        assertEquals(7_500L, AdditionalAmounts.find(a.getString(54), AdditionalAmounts.LEDGER));
        assertEquals(7_500L, AdditionalAmounts.find(a.getString(54), AdditionalAmounts.AVAILABLE));
        // IF_CHAR fields (37, 41) come back space-padded to their CMF length: compare trimmed.
        for (int f : new int[] {2, 3, 7, 11, 12, 37, 41, 42, 32}) assertEquals(req.getString(f).trim(), a.getString(f).trim(), "field " + f);
        assertEquals(7_500, available(card));
        JsonNode merchant = admin.ok("GET", "/merchants/MERCHANT0000001", null);
        assertTrue(merchant.get("payments").size() > 0);
        assertEquals(req.getString(37), merchant.get("payments").get(0).get("rrn").asText());
    }

    @Test
    void insufficientFundsIs51AndMovesNothing() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 1_000);
        ISOMsg a = link.send(purchase(card, 1_001));
        assertEquals("51", rc(a));
        assertNull(a.getString(38));
        assertEquals(1_000, available(card));
    }

    @Test
    void partialApprovalWhenTheTerminalSaysPA() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 1_200);
        ISOMsg req = purchase(card, 5_000);
        req.set(48, PrivateData.empty().with(PrivateData.PARTIAL_APPROVAL, "Y").format());
        ISOMsg a = link.send(req);
        assertEquals("10", rc(a));
        assertEquals(1_200, amount(a));
        assertEquals(0, available(card));
    }

    @Test
    void refundCreditsTheCard() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 1_000);
        ISOMsg a = link.send(HostLinkClient.request("2200", pan(card), "200000", 300, USD));
        assertEquals("00", rc(a));
        assertEquals(1_300, available(card));
    }

    @Test
    void loadAtAnAgentTerminalCreditsTheCardFromTheAgent() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 0);
        ISOMsg req = HostLinkClient.request("2200", pan(card), "210000", 20_000, USD);
        req.set(42, "AGENT0000000001");
        ISOMsg a = link.send(req);
        assertEquals("00", rc(a));
        assertEquals(20_000, available(card));
        assertEquals(-20_000, admin.ok("GET", "/merchants/AGENT0000000001", null).get("ledger").asLong());
        ISOMsg over = HostLinkClient.request("2200", pan(card), "210000", 490_000, USD);
        over.set(42, "AGENT0000000001");
        assertEquals("00", rc(link.send(over)));
        ISOMsg tooMuch = HostLinkClient.request("2200", pan(card), "210000", 490_001, USD);
        assertEquals("61", rc(link.send(tooMuch)), "over max balance");
    }

    @Test
    void balanceInquiryMovesNoMoney() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 4_321);
        ISOMsg req = HostLinkClient.request("2200", pan(card), "310000", -1, USD);
        ISOMsg a = link.send(req);
        assertEquals("00", rc(a));
        assertEquals(4_321L, AdditionalAmounts.find(a.getString(54), AdditionalAmounts.AVAILABLE));
        assertEquals(4_321, available(card));
    }

    // ---- authorizations and completions ----

    @Test
    void authorizationThenPartialCompletionReleasesTheRest() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        ISOMsg auth = auth(card, 6_000);
        ISOMsg a = link.send(auth);
        assertEquals("00", rc(a));
        assertEquals(4_000, available(card));
        assertEquals(10_000, ledger(card));
        ISOMsg completion = HostLinkClient.request("2220", pan(card), "000000", 4_500, USD);
        completion.set(56, "2100" + auth.getString(11) + auth.getString(7) + "00000000001");
        completion.set(37, auth.getString(37));
        ISOMsg c = link.send(completion);
        assertEquals("2230", c.getMTI());
        assertEquals("00", rc(c));
        assertEquals(5_500, available(card));
        assertEquals(5_500, ledger(card));
        JsonNode shown = show(card);
        assertEquals("POSTED", shown.get("holds").get(0).get("status").asText());
    }

    @Test
    void completionOverTheHeldAmountIs13() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        ISOMsg auth = auth(card, 1_000);
        assertEquals("00", rc(link.send(auth)));
        ISOMsg completion = HostLinkClient.request("2220", pan(card), "000000", 1_001, USD);
        completion.set(37, auth.getString(37)); // found by terminal + RRN
        assertEquals("13", rc(link.send(completion)));
        assertEquals(9_000, available(card));
    }

    @Test
    void fullAndPartialReversalOfAnAuthorization() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        ISOMsg auth = auth(card, 3_000);
        assertEquals("00", rc(link.send(auth)));
        assertEquals(7_000, available(card));
        ISOMsg partial = reversalOf(auth, 1_000);
        ISOMsg a = link.send(partial);
        assertEquals("2410", a.getMTI());
        assertEquals("00", rc(a));
        assertEquals(9_000, available(card));
        ISOMsg full = reversalOf(auth, 0);
        full.setMTI("2420");
        assertEquals("00", rc(link.send(full)));
        assertEquals(10_000, available(card));
        assertEquals(10_000, ledger(card));
    }

    @Test
    void fullAndPartialReversalOfAPurchase() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        ISOMsg p = purchase(card, 4_000);
        assertEquals("00", rc(link.send(p)));
        assertEquals(6_000, available(card));
        assertEquals("00", rc(link.send(reversalOf(p, 2_500))));
        assertEquals(7_500, available(card));
        // A full reversal that carries the original amount in field 4.
        assertEquals("00", rc(link.send(reversalOf(p, 4_000))));
        assertEquals(10_000, available(card));
        assertEquals(10_000, ledger(card));
    }

    @Test
    void unmatchedReversalIs25() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        ISOMsg never = purchase(card, 100); // never sent
        assertEquals("25", rc(link.send(reversalOf(never, 0))));
        assertEquals(10_000, available(card));
    }

    @Test
    void originalOvertakenByItsReversalIsRefusedAndMovesNoMoney() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        ISOMsg late = purchase(card, 700);
        ISOMsg advice = reversalOf(late, 0);
        advice.setMTI("2420");
        // store-and-forward's reversal got ahead of its purchase (requests on a link are decided concurrently)
        assertEquals("25", rc(link.send(advice)));
        assertEquals("05", rc(link.send(late)));
        ISOMsg repeat = (ISOMsg) late.clone();
        repeat.setMTI("2201");
        assertEquals("05", rc(link.send(repeat)));
        assertEquals(10_000, available(card));
        assertEquals(10_000, ledger(card));
    }

    // ---- repeats ----

    @Test
    void repeatGetsTheOriginalAnswerAndMovesNoMoney() throws Exception {
        // With the request log's key filter on, as under load: a new key then skips the table, a repeat must not.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Issuer.await().requests().filteringKeys() && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(Issuer.await().requests().filteringKeys(), "the request log's startup scan ends");
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        ISOMsg p = purchase(card, 1_000);
        ISOMsg first = link.send(p);
        assertEquals("00", rc(first));
        ISOMsg same = link.send((ISOMsg) p.clone());
        assertEquals(first.getString(38), same.getString(38));
        assertEquals(first.getString(54), same.getString(54));
        ISOMsg repeat = (ISOMsg) p.clone();
        repeat.setMTI("2201");
        ISOMsg again = link.send(repeat);
        assertEquals("2210", again.getMTI());
        assertEquals(first.getString(38), again.getString(38));
        assertEquals(9_000, available(card));
        // A reversal repeated (2401) reverses once.
        ISOMsg rev = reversalOf(p, 0);
        assertEquals("00", rc(link.send(rev)));
        ISOMsg revRepeat = (ISOMsg) rev.clone();
        revRepeat.setMTI("2401");
        assertEquals("00", rc(link.send(revRepeat)));
        assertEquals(10_000, available(card));
    }

    @Test
    void sameKeyWithAnotherAmountIs94() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        ISOMsg p = purchase(card, 1_000);
        assertEquals("00", rc(link.send(p)));
        ISOMsg clash = (ISOMsg) p.clone();
        clash.set(HostMessages.amount(2_000, USD));
        assertEquals("94", rc(link.send(clash)));
        assertEquals(9_000, available(card));
    }

    // ---- card rules ----

    @Test
    void wrongOrPastExpiryIs54() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        ISOMsg wrong = purchase(card, 100);
        wrong.set(14, "0101");
        assertEquals("54", rc(link.send(wrong)));
        ISOMsg track = purchase(card, 100);
        track.unset(2);
        track.set(35, pan(card) + "=" + "0102" + "1010000000");
        assertEquals("54", rc(link.send(track)));
        ISOMsg right = purchase(card, 100);
        right.set(14, card.get("expiry").asText());
        assertEquals("00", rc(link.send(right)));
        DataSource ds = NameRegistrar.get("veil.issuer.datasource");
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE cards SET expiry = '2001' WHERE id = ?")) {
            ps.setLong(1, card.get("id").asLong());
            ps.executeUpdate();
        }
        assertEquals("54", rc(link.send(purchase(card, 100))));
        assertEquals(9_900, available(card));
    }

    @Test
    void blockedLostStolenAndUnknownCards() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 10_000);
        long id = card.get("id").asLong();
        admin.ok("POST", "/cards/" + id + "/state", "{\"state\":\"BLOCKED\"}");
        assertEquals("62", rc(link.send(purchase(card, 100))));
        admin.ok("POST", "/cards/" + id + "/state", "{\"state\":\"LOST\"}");
        assertEquals("41", rc(link.send(purchase(card, 100))));
        admin.ok("POST", "/cards/" + pan(card) + "/state", "{\"state\":\"STOLEN\"}");
        assertEquals("43", rc(link.send(purchase(card, 100))));
        admin.ok("POST", "/cards/" + id + "/state", "{\"state\":\"ACTIVE\"}");
        assertEquals("00", rc(link.send(purchase(card, 100))));
        ISOMsg badLuhn = HostLinkClient.request("2200", "9999000000000010", "000000", 100, USD);
        assertEquals("14", rc(link.send(badLuhn)));
        ISOMsg unknown = HostLinkClient.request("2200", "9999009999999995", "000000", 100, USD);
        assertEquals("14", rc(link.send(unknown)));
        assertEquals(9_900, available(card));
    }

    @Test
    void amountRules() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 1_000_000);
        assertEquals("61", rc(link.send(purchase(card, 500_001))));
        assertEquals("13", rc(link.send(purchase(card, 0))));
        assertEquals("12", rc(link.send(HostLinkClient.request("2200", pan(card), "000000", 100, "978"))));
        assertEquals("00", rc(link.send(purchase(card, 500_000))));
        assertEquals(500_000, available(card));
    }

    @Test
    void malformedRequestIsAFormatError() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 1_000);
        ISOMsg noTerminal = purchase(card, 100);
        noTerminal.unset(41);
        ISOMsg a = link.send(noTerminal);
        assertEquals("30", rc(a));
        ISOMsg badPc = purchase(card, 100);
        badPc.set(3, "990000");
        assertEquals("12", rc(link.send(badPc)));
        ISOMsg net = new ISOMsg("2800");
        net.set(7, "1123120000");
        net.set(11, HostLinkClient.nextStan());
        net.set(24, "831");
        ISOMsg echo = link.send(net);
        assertEquals("2810", echo.getMTI());
        assertEquals("0000", echo.getString(39));
        assertEquals(1_000, available(card));
    }

    // ---- holds ----

    @Test
    void holdExpiryJobReleasesAShortHold() throws Exception {
        JsonNode card = admin.issue("TEST-SHORT-HOLD", 10_000);
        assertEquals("00", rc(link.send(auth(card, 2_000))));
        assertEquals(8_000, available(card));
        long deadline = System.currentTimeMillis() + 10_000;
        while (available(card) != 10_000 && System.currentTimeMillis() < deadline) Thread.sleep(200);
        assertEquals(10_000, available(card));
        assertEquals("EXPIRED", show(card).get("holds").get(0).get("status").asText());
        assertEquals(0, admin.ok("POST", "/holds/expire", null).get("expired").asInt());
    }

    @Test
    void authorizationAdviceHoldsAtMostTheAvailableAmount() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 1_000);
        ISOMsg advice = HostLinkClient.request("2120", pan(card), "000000", 1_500, USD);
        ISOMsg a = link.send(advice);
        assertEquals("2130", a.getMTI());
        assertEquals("00", rc(a));
        assertEquals(1_000, amount(a));
        assertEquals(0, available(card));
    }

    @Test
    void manyRequestsInFlightOnOneConnection() throws Exception {
        JsonNode card = admin.issue("PREPAID-USD", 100_000);
        int n = 50;
        Map<String, ISOMsg> sent = new HashMap<>();
        try (HostLinkClient own = new HostLinkClient(host.hostPort)) {
            for (int i = 0; i < n; i++) {
                ISOMsg p = purchase(card, 100);
                sent.put(p.getString(11), p);
                own.sendOnly(p);
            }
            for (int i = 0; i < n; i++) {
                ISOMsg a = own.receive();
                assertNotNull(sent.remove(a.getString(11)), "answer matches a request");
                assertEquals("00", rc(a));
            }
        }
        assertTrue(sent.isEmpty());
        assertEquals(95_000, available(card));
    }

    // ---- admin API ----

    @Test
    void adminApiErrorsAreClear() throws Exception {
        AdminClient.Reply r = admin.call("POST", "/cards", "{\"product\":\"NOPE\"}");
        assertEquals(400, r.status());
        assertTrue(r.body().get("error").asText().contains("NOPE"));
        assertEquals(400, admin.call("POST", "/cards", "not json").status());
        assertEquals(404, admin.call("GET", "/cards/424242", null).status());
        assertEquals(404, admin.call("GET", "/nothing", null).status());
        assertEquals(405, admin.call("DELETE", "/cards", null).status());
        JsonNode card = admin.issue("PREPAID-USD", 0);
        long id = card.get("id").asLong();
        assertEquals(400, admin.call("POST", "/cards/" + id + "/load", "{\"amount\":-5}").status());
        assertEquals(400, admin.call("POST", "/cards/" + id + "/state", "{\"state\":\"FROZEN\"}").status());
        assertEquals(409, admin.call("POST", "/cards/" + id + "/load", "{\"amount\":1000001}").status());
        assertEquals(404, admin.call("GET", "/merchants/NEVERSEEN", null).status());
        // Idempotent load: same reference twice loads once; another amount under it is refused.
        admin.ok("POST", "/cards/" + id + "/load", "{\"amount\":500,\"reference\":\"once-" + id + "\"}");
        JsonNode again = admin.ok("POST", "/cards/" + id + "/load", "{\"amount\":500,\"reference\":\"once-" + id + "\"}");
        assertEquals(500, again.get("available").asLong());
        assertEquals(409, admin.call("POST", "/cards/" + id + "/load", "{\"amount\":600,\"reference\":\"once-" + id + "\"}").status());
        JsonNode products = admin.ok("GET", "/products", null);
        assertEquals(4, products.size());
        assertFalse(show(card).has("pan"), "the card view never shows the full PAN");
    }
}
