package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.packagers.PrivateData;
import org.veil.packagers.ResponseCode;
import org.veil.issuer.wallet.WalletCli;

/**
 * One-time codes minted by the cardholder through the wallet API, and the holder's confirmation of a payment above the
 * threshold (10000 minor units by default), over the real host link of a real issuer host: approved in time pays and
 * burns the code, refused or unanswered by the deadline (4 s) is 05 and moves no money, and waiting payments hold no
 * host-link worker.
 */
@Timeout(90)
class WalletConfirmationTest {
    private static final String USD = "840";
    private static AdminClient admin;
    private static WalletClient wallet;
    private static RunningIssuerHost host;

    @BeforeAll
    static void start() {
        host = RunningIssuerHost.get();
        admin = new AdminClient(host.adminPort);
        wallet = new WalletClient(host.walletPort);
    }

    @AfterEach
    void ledgerStillBalances() throws Exception {
        assertTrue(admin.ok("GET", "/audit", null).get("ok").asBoolean());
    }

    private record Holder(String token, long card) {}

    private static Holder holderWithCard(long load) throws Exception {
        String token = wallet.newCustomer("otc");
        long card = wallet.ok("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"Daily\"}", token).get("id").asLong();
        admin.ok("POST", "/cards/" + card + "/load", "{\"amount\":" + load + ",\"reference\":\"wc-" + card + "\"}");
        return new Holder(token, card);
    }

    private static JsonNode mint(Holder h, long max) throws Exception {
        WalletClient.Reply r = wallet.call("POST", "/cards/" + h.card + "/one-time-codes", "{\"maxAmount\":" + max + ",\"expiresInMinutes\":10}", h.token);
        assertEquals(201, r.status(), r.body().toString());
        assertTrue(OneTimeCodes.wellFormed(r.body().get("code").asText()));
        return r.body();
    }

    private static ISOMsg purchase(String code, long amount) throws Exception {
        ISOMsg m = HostLinkClient.request("2200", OneTimeCodes.CARRIER_PAN, "000000", amount, USD);
        m.set(48, PrivateData.empty().with(PrivateData.ONE_TIME_CODE, code).format());
        return m;
    }

    private static String rc(ISOMsg answer) {
        return ResponseCode.fromHostCode(answer.getString(39)).code();
    }

    private static long ledger(Holder h) throws Exception {
        return admin.ok("GET", "/cards/" + h.card, null).get("ledger").asLong();
    }

    private static String codeStatus(Holder h, long codeId) throws Exception {
        for (JsonNode c : wallet.ok("GET", "/cards/" + h.card + "/one-time-codes", null, h.token)) {
            assertFalse(c.has("code"), "a listed code shows masked only");
            if (c.get("id").asLong() == codeId) return c.get("status").asText();
        }
        throw new AssertionError("code " + codeId + " not listed");
    }

    /** The holder's pending confirmations, once {@code n} are there (within 3 s). */
    private static JsonNode awaitPending(Holder h, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 3_000;
        JsonNode list;
        do {
            list = wallet.ok("GET", "/confirmations", null, h.token);
            if (list.size() >= n) return list;
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("expected " + n + " pending confirmations, got " + list);
    }

    private static String cli(Holder h, int expectedExit, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--wallet-url";
        all[1] = "http://127.0.0.1:" + host.walletPort;
        all[2] = "--token";
        all[3] = h.token;
        System.arraycopy(args, 0, all, 4, args.length);
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(expectedExit, WalletCli.run(all, new PrintWriter(out, true), new PrintWriter(err, true)), out + " " + err);
        return out + err.toString();
    }

    @Test
    void theCommandLineMintsListsAndConfirms() throws Exception {
        Holder h = holderWithCard(50_000);
        String minted = cli(h, 0, "otc", "mint", String.valueOf(h.card), "--max", "30000", "--minutes", "5");
        assertTrue(minted.startsWith("one-time code "), minted);
        String code = minted.substring("one-time code ".length(), "one-time code ".length() + 16);
        assertTrue(cli(h, 0, "otc", "list", String.valueOf(h.card)).contains("active"));
        assertTrue(cli(h, 0, "confirmations").contains("no payment waits"));
        try (HostLinkClient link = new HostLinkClient(host.hostPort)) {
            link.sendOnly(purchase(code, 15_000));
            long id = awaitPending(h, 1).get(0).get("id").asLong();
            assertTrue(cli(h, 0, "confirmations").contains("#" + id));
            assertTrue(cli(h, 2, "confirm", String.valueOf(id)).contains("--approve or --refuse"));
            assertTrue(cli(h, 0, "confirm", String.valueOf(id), "--approve").contains("approved"));
            assertEquals("00", rc(link.receive()));
        }
        assertEquals(35_000, ledger(h));
    }

    @Test
    void theHolderMintsListsAndRevokesCodes() throws Exception {
        Holder h = holderWithCard(10_000);
        JsonNode minted = mint(h, 2_000);
        assertEquals(USD, minted.get("currency").asText());
        assertEquals(10_000, minted.get("confirmAbove").asLong());
        long id = minted.get("id").asLong();
        assertEquals("active", codeStatus(h, id));
        Holder other = holderWithCard(1_000);
        assertEquals(404, wallet.call("POST", "/cards/" + h.card + "/one-time-codes", "{\"maxAmount\":100,\"expiresInMinutes\":5}", other.token).status(),
                "another customer's card is not there");
        assertEquals(404, wallet.call("DELETE", "/cards/" + h.card + "/one-time-codes/" + id, null, other.token).status());
        assertEquals(400, wallet.call("POST", "/cards/" + h.card + "/one-time-codes", "{\"maxAmount\":100,\"expiresInMinutes\":0}", h.token).status());
        assertEquals(401, wallet.call("GET", "/cards/" + h.card + "/one-time-codes", null, null).status());
        assertEquals("revoked", wallet.ok("DELETE", "/cards/" + h.card + "/one-time-codes/" + id, null, h.token).get("status").asText());
        assertEquals("revoked", codeStatus(h, id));
        assertEquals(409, wallet.call("DELETE", "/cards/" + h.card + "/one-time-codes/" + id, null, h.token).status());
        try (HostLinkClient link = new HostLinkClient(host.hostPort)) {
            assertEquals("57", rc(link.send(purchase(minted.get("code").asText(), 1_000))), "a revoked code never pays");
        }
        assertEquals(10_000, ledger(h));
    }

    @Test
    void underTheThresholdNoConfirmationIsAsked() throws Exception {
        Holder h = holderWithCard(50_000);
        JsonNode code = mint(h, 10_000);
        try (HostLinkClient link = new HostLinkClient(host.hostPort)) {
            long t0 = System.nanoTime();
            assertEquals("00", rc(link.send(purchase(code.get("code").asText(), 10_000))));
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "answered at once");
        }
        assertEquals(0, wallet.ok("GET", "/confirmations", null, h.token).size());
        assertEquals(40_000, ledger(h));
        assertEquals("used", codeStatus(h, code.get("id").asLong()));
    }

    @Test
    void approvedInTimeItPaysBurnsTheCodeAndARepeatGetsTheSameAnswer() throws Exception {
        Holder h = holderWithCard(50_000);
        JsonNode code = mint(h, 30_000);
        try (HostLinkClient link = new HostLinkClient(host.hostPort)) {
            ISOMsg req = purchase(code.get("code").asText(), 20_000);
            link.sendOnly(req);
            JsonNode pending = awaitPending(h, 1).get(0);
            assertEquals(20_000, pending.get("amount").asLong());
            assertEquals(USD, pending.get("currency").asText());
            assertEquals("MERCHANT0000001", pending.get("merchant").asText());
            assertEquals("Daily", pending.get("cardName").asText());
            assertTrue(pending.get("maskedPan").asText().contains("******"));
            assertEquals(50_000, ledger(h), "nothing moves before the holder answers");
            JsonNode decided = wallet.ok("POST", "/confirmations/" + pending.get("id").asLong(), "{\"approve\":true}", h.token);
            assertEquals("APPROVED", decided.get("status").asText());
            ISOMsg answer = link.receive();
            assertEquals("00", rc(answer));
            assertEquals(30_000, ledger(h));
            assertEquals("used", codeStatus(h, code.get("id").asLong()));
            ISOMsg again = link.send((ISOMsg) req.clone());
            assertEquals("00", rc(again), "a repeat gets the original answer");
            assertEquals(answer.getString(38), again.getString(38));
            assertEquals(409, wallet.call("POST", "/confirmations/" + pending.get("id").asLong(), "{\"approve\":false}", h.token).status());
        }
        assertEquals(30_000, ledger(h), "paid once");
    }

    @Test
    void refusedItIsDeclinedAndNoMoneyMoves() throws Exception {
        Holder h = holderWithCard(50_000);
        JsonNode code = mint(h, 30_000);
        try (HostLinkClient link = new HostLinkClient(host.hostPort)) {
            link.sendOnly(purchase(code.get("code").asText(), 20_000));
            long id = awaitPending(h, 1).get(0).get("id").asLong();
            assertEquals(400, wallet.call("POST", "/confirmations/" + id, "{\"approve\":\"yes\"}", h.token).status());
            assertEquals("REFUSED", wallet.ok("POST", "/confirmations/" + id, "{\"approve\":false}", h.token).get("status").asText());
            assertEquals("05", rc(link.receive()));
        }
        assertEquals(50_000, ledger(h));
        assertEquals("active", codeStatus(h, code.get("id").asLong()), "a declined payment burns no code");
    }

    @Test
    void unansweredByTheDeadlineItIsDeclinedAndNoMoneyMoves() throws Exception {
        Holder h = holderWithCard(50_000);
        JsonNode code = mint(h, 30_000);
        try (HostLinkClient link = new HostLinkClient(host.hostPort)) {
            long t0 = System.nanoTime();
            link.sendOnly(purchase(code.get("code").asText(), 20_000));
            long id = awaitPending(h, 1).get(0).get("id").asLong();
            assertEquals("05", rc(link.receive()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 3_500 && ms < 5_000, "declined at the 4 s deadline, before the switch's 5 s timeout: " + ms + " ms");
            assertEquals(409, wallet.call("POST", "/confirmations/" + id, "{\"approve\":true}", h.token).status(), "too late");
        }
        assertEquals(0, wallet.ok("GET", "/confirmations", null, h.token).size());
        assertEquals(50_000, ledger(h));
    }

    @Test
    void paymentsWaitingForTheirHoldersHoldNoHostLinkWorker() throws Exception {
        Holder h = holderWithCard(500_000);
        JsonNode code = mint(h, 30_000);
        int waiting = 20; // more than the host link's 16 workers
        List<HostLinkClient> links = new ArrayList<>();
        try {
            for (int i = 0; i < waiting; i++) {
                HostLinkClient l = new HostLinkClient(host.hostPort);
                links.add(l);
                l.sendOnly(purchase(code.get("code").asText(), 20_000));
            }
            JsonNode pending = awaitPending(h, waiting);
            JsonNode card = admin.ok("POST", "/cards", "{\"product\":\"PREPAID-USD\"}");
            admin.ok("POST", "/cards/" + card.get("id").asLong() + "/load", "{\"amount\":5000,\"reference\":\"wc-free-" + card.get("id").asLong() + "\"}");
            try (HostLinkClient other = new HostLinkClient(host.hostPort)) {
                long t0 = System.nanoTime();
                ISOMsg m = HostLinkClient.request("2200", card.get("pan").asText(), "000000", 1_000, USD);
                assertEquals("00", rc(other.send(m)));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 1_000, "another payment is answered while " + waiting + " wait: " + ms + " ms");
            }
            for (JsonNode p : pending) wallet.ok("POST", "/confirmations/" + p.get("id").asLong(), "{\"approve\":false}", h.token);
            for (HostLinkClient l : links) assertEquals("05", rc(l.receive()));
        } finally {
            for (HostLinkClient l : links) l.close();
        }
        assertEquals(500_000, ledger(h));
    }
}
