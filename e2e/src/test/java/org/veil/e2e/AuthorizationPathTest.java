package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.AdditionalAmounts;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * Every behaviour of the authorization path, through the switch's public ports in both
 * dialects, to the real issuer host; the ledger is audited after each test.
 */
class AuthorizationPathTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static VeilStack stack;
    private static AdminClient admin;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("authpath", Map.of());
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

    private static IsoClient connect(Dialect d) throws Exception {
        int port = d == Dialect.TERMINAL ? stack.ports().terminal() : stack.ports().van();
        return IsoClient.connect(d, "127.0.0.1", port);
    }

    private static RequestFactory factory(Dialect d) {
        return d == Dialect.TERMINAL
                ? new RequestFactory("TERM0002", "MERCHANT0000001", "Veil Demo Coffee", "840")
                : new RequestFactory("VAN00002", "VANSHOP00000001", "Veil Demo Web Shop", "840");
    }

    private static String merchantOf(Dialect d) {
        return d == Dialect.TERMINAL ? "MERCHANT0000001" : "VANSHOP00000001";
    }

    private static IssuedCard loadedCard(long amount) throws Exception {
        IssuedCard c = admin.issueCard("PREPAID-USD");
        if (amount > 0) admin.load(ref(c), amount, "test-load-" + c.id());
        return c;
    }

    private static String ref(IssuedCard c) {
        return String.valueOf(c.id());
    }

    private static CardData keyed(IssuedCard c) {
        return CardData.keyed(c.pan(), c.expiry());
    }

    private static long available54(ISOMsg answer) {
        Long v = AdditionalAmounts.find(answer.getString(54), AdditionalAmounts.AVAILABLE);
        assertNotNull(v, "field 54 has no available balance: " + answer.getString(54));
        return v;
    }

    private static long ledger54(ISOMsg answer) {
        Long v = AdditionalAmounts.find(answer.getString(54), AdditionalAmounts.LEDGER);
        assertNotNull(v, "field 54 has no ledger balance");
        return v;
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void purchaseIsApprovedAndMovesMoneyToTheMerchantAtOnce(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        long merchantBefore = admin.merchant(merchantOf(d)).get("ledger").asLong();
        try (IsoClient c = connect(d)) {
            ISOMsg req = factory(d).purchase(keyed(card), 1234);
            ISOMsg ans = c.call(req, TIMEOUT);
            assertEquals("0210", ans.getMTI());
            assertEquals("00", ans.getString(39));
            assertEquals(6, ans.getString(38).length());
            assertEquals(req.getString(11), ans.getString(11));
            assertEquals(req.getString(41), ans.getString(41));
            assertEquals(req.getString(37), ans.getString(37));
            assertEquals("000000001234", ans.getString(4));
            assertFalse(ans.hasField(35));
            assertEquals(8766, ledger54(ans));
            assertEquals(8766, available54(ans));
        }
        assertEquals(8766, admin.ledger(ref(card)));
        assertEquals(merchantBefore + 1234, admin.merchant(merchantOf(d)).get("ledger").asLong());
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL"})
    void swipedPurchaseUsesTrack2(Dialect d) throws Exception {
        IssuedCard card = loadedCard(5_000);
        try (IsoClient c = connect(d)) {
            ISOMsg req = factory(d).purchase(CardData.fromTrack2(card.track2()), 1000);
            assertTrue(req.hasField(35));
            assertFalse(req.hasField(2));
            ISOMsg ans = c.call(req, TIMEOUT);
            assertEquals("00", ans.getString(39));
            assertFalse(ans.hasField(35), "track 2 must never be echoed");
            assertEquals(4000, available54(ans));
            // A stripe without the card's CVV (zeros where it goes): the issuer does not honor it.
            assertEquals("05", c.call(factory(d).purchase(CardData.swiped(card.pan(), card.expiry()), 1000), TIMEOUT).getString(39));
        }
        assertEquals(4000, admin.available(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void balanceInquiryMovesNoMoney(Dialect d) throws Exception {
        IssuedCard card = loadedCard(7_500);
        try (IsoClient c = connect(d)) {
            ISOMsg ans = c.call(factory(d).balance(keyed(card)), TIMEOUT);
            assertEquals("00", ans.getString(39));
            assertEquals(7500, ledger54(ans));
            assertEquals(7500, available54(ans));
        }
        assertEquals(7500, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void insufficientFundsDeclinesWith51(Dialect d) throws Exception {
        IssuedCard card = loadedCard(1_000);
        try (IsoClient c = connect(d)) {
            ISOMsg ans = c.call(factory(d).purchase(keyed(card), 2_000), TIMEOUT);
            assertEquals("51", ans.getString(39));
        }
        assertEquals(1000, admin.available(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void partialApprovalWhenTheTerminalAllowsIt(Dialect d) throws Exception {
        IssuedCard card = loadedCard(1_000);
        try (IsoClient c = connect(d)) {
            ISOMsg ans = c.call(RequestFactory.withPartialApproval(factory(d).purchase(keyed(card), 2_500)), TIMEOUT);
            assertEquals("10", ans.getString(39));
            assertEquals("000000001000", ans.getString(4));
            assertEquals(0, available54(ans));
        }
        assertEquals(0, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void authorizationHoldsThenPartialCompletionCapturesAndReleasesTheRest(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        RequestFactory rf = factory(d);
        try (IsoClient c = connect(d)) {
            ISOMsg auth = rf.authorization(keyed(card), 4_000);
            ISOMsg authAns = c.call(auth, TIMEOUT);
            assertEquals("0110", authAns.getMTI());
            assertEquals("00", authAns.getString(39));
            assertEquals(10_000, ledger54(authAns));
            assertEquals(6_000, available54(authAns));

            ISOMsg compAns = c.call(rf.completion(auth, authAns, 3_000), TIMEOUT);
            assertEquals("0230", compAns.getMTI());
            assertEquals("00", compAns.getString(39));
        }
        assertEquals(7_000, admin.ledger(ref(card)));
        assertEquals(7_000, admin.available(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void completionAboveTheAuthorizedAmountIsRefused(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        RequestFactory rf = factory(d);
        try (IsoClient c = connect(d)) {
            ISOMsg auth = rf.authorization(keyed(card), 2_000);
            ISOMsg authAns = c.call(auth, TIMEOUT);
            assertEquals("00", authAns.getString(39));
            ISOMsg compAns = c.call(rf.completion(auth, authAns, 2_500), TIMEOUT);
            assertEquals("13", compAns.getString(39));
        }
        assertEquals(10_000, admin.ledger(ref(card)));
        assertEquals(8_000, admin.available(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void fullReversalOfAnAuthorizationReleasesTheHold(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        RequestFactory rf = factory(d);
        try (IsoClient c = connect(d)) {
            ISOMsg auth = rf.authorization(keyed(card), 4_000);
            assertEquals("00", c.call(auth, TIMEOUT).getString(39));
            ISOMsg rev = c.call(rf.reversal(auth, 0), TIMEOUT);
            assertEquals("0410", rev.getMTI());
            assertEquals("00", rev.getString(39));
        }
        assertEquals(10_000, admin.available(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void partialReversalOfAPurchaseGivesBackTheDifference(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        RequestFactory rf = factory(d);
        try (IsoClient c = connect(d)) {
            ISOMsg purchase = rf.purchase(keyed(card), 1_500);
            assertEquals("00", c.call(purchase, TIMEOUT).getString(39));
            assertEquals("00", c.call(rf.reversal(purchase, 500), TIMEOUT).getString(39));
        }
        assertEquals(9_500, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void reversalWithoutAnOriginalGets25(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        RequestFactory rf = factory(d);
        ISOMsg neverSent = rf.purchase(keyed(card), 1_500);
        try (IsoClient c = connect(d)) {
            assertEquals("25", c.call(rf.reversal(neverSent, 0), TIMEOUT).getString(39));
        }
        assertEquals(10_000, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void reversalAdviceIsAcknowledgedAndItsRepeatMovesNothing(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        RequestFactory rf = factory(d);
        try (IsoClient c = connect(d)) {
            ISOMsg purchase = rf.purchase(keyed(card), 2_000);
            assertEquals("00", c.call(purchase, TIMEOUT).getString(39));
            ISOMsg advice = rf.reversalAdvice(purchase, 0);
            ISOMsg ack = c.call(advice, TIMEOUT);
            assertEquals("0430", ack.getMTI());
            assertEquals("00", ack.getString(39));
            ISOMsg again = c.call(RequestFactory.repeat(advice), TIMEOUT);
            assertEquals("00", again.getString(39));
        }
        assertEquals(10_000, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void refundCreditsTheCardFromTheMerchant(Dialect d) throws Exception {
        IssuedCard card = loadedCard(0);
        long merchantBefore = admin.merchant(merchantOf(d)).get("ledger").asLong();
        try (IsoClient c = connect(d)) {
            ISOMsg ans = c.call(factory(d).refund(keyed(card), 700), TIMEOUT);
            assertEquals("00", ans.getString(39));
            assertEquals(700, available54(ans));
        }
        assertEquals(merchantBefore - 700, admin.merchant(merchantOf(d)).get("ledger").asLong());
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void cashLoadAtAnAgentTerminalTopsUpTheCard(Dialect d) throws Exception {
        IssuedCard card = loadedCard(0);
        try (IsoClient c = connect(d)) {
            ISOMsg ans = c.call(factory(d).load(keyed(card), 5_000), TIMEOUT);
            assertEquals("00", ans.getString(39));
            assertEquals(5_000, available54(ans));
        }
        assertEquals(5_000, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void repeatedRequestGetsTheOriginalAnswerAndChargesOnce(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        try (IsoClient c = connect(d)) {
            ISOMsg req = factory(d).purchase(keyed(card), 700);
            ISOMsg first = c.call(req, TIMEOUT);
            ISOMsg repeat = c.call(RequestFactory.repeat(req), TIMEOUT);
            ISOMsg resent = c.call((ISOMsg) req.clone(), TIMEOUT);
            assertEquals("00", first.getString(39));
            assertEquals(first.getString(39), repeat.getString(39));
            assertEquals(first.getString(38), repeat.getString(38));
            assertEquals(first.getString(38), resent.getString(38));
        }
        assertEquals(9_300, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void sameKeyWithAnotherAmountIsADuplicateTransmission(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        try (IsoClient c = connect(d)) {
            ISOMsg req = factory(d).purchase(keyed(card), 700);
            assertEquals("00", c.call(req, TIMEOUT).getString(39));
            ISOMsg altered = (ISOMsg) req.clone();
            altered.set(4, "000000000900");
            assertEquals("94", c.call(altered, TIMEOUT).getString(39));
        }
        assertEquals(9_300, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void unknownBinGets15(Dialect d) throws Exception {
        try (IsoClient c = connect(d)) {
            ISOMsg ans = c.call(factory(d).purchase(CardData.keyed("4111111111111111", "2912"), 100), TIMEOUT);
            assertEquals("15", ans.getString(39));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void cardNumberTheIssuerNeverIssuedGets14(Dialect d) throws Exception {
        IssuedCard card = loadedCard(0);
        String pan = card.pan();
        String other = pan.substring(0, 6) + "99999999" + pan.substring(14, 15);
        other = other + org.veil.packagers.CardNumbers.luhnDigit(other);
        try (IsoClient c = connect(d)) {
            assertEquals("14", c.call(factory(d).purchase(CardData.keyed(other, card.expiry()), 100), TIMEOUT).getString(39));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void wrongExpiryGets54(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        try (IsoClient c = connect(d)) {
            assertEquals("54", c.call(factory(d).purchase(CardData.keyed(card.pan(), "0101"), 100), TIMEOUT).getString(39));
        }
        assertEquals(10_000, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void cardStatesDecline(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        try (IsoClient c = connect(d)) {
            admin.setState(ref(card), "BLOCKED");
            assertEquals("62", c.call(factory(d).purchase(keyed(card), 100), TIMEOUT).getString(39));
            admin.setState(ref(card), "LOST");
            assertEquals("41", c.call(factory(d).purchase(keyed(card), 100), TIMEOUT).getString(39));
            admin.setState(ref(card), "STOLEN");
            assertEquals("43", c.call(factory(d).purchase(keyed(card), 100), TIMEOUT).getString(39));
            admin.setState(ref(card), "ACTIVE");
            assertEquals("00", c.call(factory(d).purchase(keyed(card), 100), TIMEOUT).getString(39));
        }
        assertEquals(9_900, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void amountOverTheProductLimitGets61(Dialect d) throws Exception {
        IssuedCard card = loadedCard(1_000_000);
        try (IsoClient c = connect(d)) {
            assertEquals("61", c.call(factory(d).purchase(keyed(card), 500_001), TIMEOUT).getString(39));
        }
        assertEquals(1_000_000, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void unknownTerminalGets03(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        RequestFactory stranger = new RequestFactory("NOBODY01", "NOSUCHMERCHANT1", "Nobody", "840");
        try (IsoClient c = connect(d)) {
            assertEquals("03", c.call(stranger.purchase(keyed(card), 100), TIMEOUT).getString(39));
        }
        assertEquals(10_000, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void missingMandatoryFieldGets30(Dialect d) throws Exception {
        IssuedCard card = loadedCard(10_000);
        try (IsoClient c = connect(d)) {
            ISOMsg req = factory(d).purchase(keyed(card), 100);
            req.unset(4);
            assertEquals("30", c.call(req, TIMEOUT).getString(39));
        }
        assertEquals(10_000, admin.ledger(ref(card)));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void echoIsAnsweredBySwitch(Dialect d) throws Exception {
        try (IsoClient c = connect(d)) {
            ISOMsg ans = c.call(factory(d).echo(), TIMEOUT);
            assertEquals("0810", ans.getMTI());
            assertEquals("00", ans.getString(39));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void manyRequestsInFlightOnOneConnectionAreAllAnswered(Dialect d) throws Exception {
        IssuedCard card = loadedCard(100_000);
        RequestFactory rf = factory(d);
        try (IsoClient c = connect(d)) {
            var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<ISOMsg>>();
            for (int i = 0; i < 50; i++) futures.add(c.send(rf.purchase(keyed(card), 100)));
            for (var f : futures) {
                assertEquals("00", f.get(30, java.util.concurrent.TimeUnit.SECONDS).getString(39));
            }
        }
        assertEquals(95_000, admin.ledger(ref(card)));
        JsonNode shown = admin.card(ref(card));
        assertTrue(shown.get("entries").size() >= 51, "card ledger lists its entries: " + shown);
    }
}
