package org.veil.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.veil.packagers.AdditionalAmounts;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.Dialect;
import org.veil.packagers.OriginalData;
import org.veil.packagers.PrivateData;

class RequestFactoryTest {
    private static final String PAN = "9999000000000017";
    private final RequestFactory factory = new RequestFactory("TERM0001", "MERCHANT0000001", "Veil Demo Coffee", "840", 41);

    /** Packs with the dialect's packager, unpacks into a fresh message, checks every field survived. */
    private static ISOMsg roundTrip(ISOMsg m, Dialect dialect) throws Exception {
        ISOMsg copy = (ISOMsg) m.clone();
        copy.setPackager(dialect.packager());
        byte[] packed = copy.pack();
        ISOMsg back = new ISOMsg();
        back.setPackager(dialect.packager());
        back.unpack(packed);
        assertEquals(m.getMTI(), back.getMTI());
        for (int i = 2; i <= 128; i++) {
            assertEquals(m.hasField(i), back.hasField(i), "field " + i);
            if (m.hasField(i)) assertEquals(m.getString(i), back.getString(i), "field " + i);
        }
        return back;
    }

    private static void assertCommon(ISOMsg m) {
        assertTrue(m.getString(7).matches("\\d{10}"), "7 MMDDhhmmss");
        assertTrue(m.getString(11).matches("\\d{6}"), "11 six digits");
        assertTrue(m.getString(12).matches("\\d{6}"));
        assertTrue(m.getString(13).matches("\\d{4}"));
        assertEquals("5999", m.getString(18));
        assertEquals("00", m.getString(25));
        assertEquals(12, m.getString(37).length());
        assertEquals("TERM0001", m.getString(41));
        assertEquals("MERCHANT0000001", m.getString(42));
        assertEquals(40, m.getString(43).length());
        assertTrue(m.getString(43).startsWith("Veil Demo Coffee "));
        assertEquals("840", m.getString(49));
        assertTrue(m.getString(4).matches("\\d{12}"));
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void keyedPurchaseCarriesPanAndExpiry(Dialect dialect) throws Exception {
        ISOMsg m = roundTrip(factory.purchase(CardData.keyed(PAN, "2812"), 1234), dialect);
        assertEquals("0200", m.getMTI());
        assertEquals("000000", m.getString(3));
        assertEquals("000000001234", m.getString(4));
        assertEquals(PAN, m.getString(2));
        assertEquals("2812", m.getString(14));
        assertEquals("012", m.getString(22));
        assertFalse(m.hasField(35));
        assertEquals("000041", m.getString(11));
        assertCommon(m);
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void swipedAuthorizationCarriesTrack2Only(Dialect dialect) throws Exception {
        ISOMsg m = roundTrip(factory.authorization(CardData.swiped(PAN, "2812"), 500), dialect);
        assertEquals("0100", m.getMTI());
        assertFalse(m.hasField(2));
        assertFalse(m.hasField(14));
        assertEquals("902", m.getString(22));
        assertEquals(PAN, CardNumbers.panOfTrack2(m.getString(35)));
        assertEquals("2812", CardNumbers.expiryOfTrack2(m.getString(35)));
        assertTrue(m.getString(35).startsWith(PAN + "=2812101"));
        assertCommon(m);
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void processingCodesPerKind(Dialect dialect) throws Exception {
        CardData card = CardData.keyed(PAN, "2812");
        assertEquals("200000", roundTrip(factory.refund(card, 100), dialect).getString(3));
        assertEquals("210000", roundTrip(factory.load(card, 100), dialect).getString(3));
        ISOMsg balance = roundTrip(factory.balance(card), dialect);
        assertEquals("310000", balance.getString(3));
        assertEquals("000000000000", balance.getString(4));
        assertEquals("0200", balance.getMTI());
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void completionRefersToItsAuthorization(Dialect dialect) throws Exception {
        ISOMsg auth = factory.authorization(CardData.keyed(PAN, "2812"), 1000);
        ISOMsg answer = new ISOMsg("0110");
        answer.set(38, "A1B2C3");
        ISOMsg m = roundTrip(factory.completion(auth, answer, 800), dialect);
        assertEquals("0220", m.getMTI());
        assertEquals("000000000800", m.getString(4));
        assertEquals(auth.getString(37), m.getString(37));
        assertEquals(PAN, m.getString(2));
        assertEquals("2812", m.getString(14));
        assertEquals("A1B2C3", m.getString(38));
        assertNotEquals(auth.getString(11), m.getString(11));
        OriginalData od = OriginalData.parse(m.getString(90));
        assertEquals("0100", od.mti());
        assertEquals(auth.getString(11), od.stan());
        assertEquals(auth.getString(7), od.transmissionDateTime());
        assertEquals("00000000000", od.acquirerId());
        assertEquals("00000000000", od.forwarderId());
        assertFalse(factory.completion(auth, 800).hasField(38));
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void reversalAndAdviceCarryRemainingAmountAndOriginalData(Dialect dialect) throws Exception {
        ISOMsg purchase = factory.purchase(CardData.swiped(PAN, "2812"), 1000);
        ISOMsg reversal = roundTrip(factory.reversal(purchase, 250), dialect);
        assertEquals("0400", reversal.getMTI());
        assertEquals("000000000250", reversal.getString(4));
        assertEquals(purchase.getString(35), reversal.getString(35));
        assertEquals(purchase.getString(37), reversal.getString(37));
        assertEquals("000000", reversal.getString(3));
        assertEquals("0200" + purchase.getString(11) + purchase.getString(7) + "0".repeat(22), reversal.getString(90));
        ISOMsg advice = roundTrip(factory.reversalAdvice(purchase, 0), dialect);
        assertEquals("0420", advice.getMTI());
        assertEquals("000000000000", advice.getString(4));
        assertCommon(advice);
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void echoIsNetworkManagement301(Dialect dialect) throws Exception {
        ISOMsg m = roundTrip(factory.echo(), dialect);
        assertEquals("0800", m.getMTI());
        assertEquals("301", m.getString(70));
        assertEquals("TERM0001", m.getString(41));
        assertTrue(m.getString(7).matches("\\d{10}"));
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void repeatAndPartialApprovalAreCopies(Dialect dialect) throws Exception {
        ISOMsg purchase = factory.purchase(CardData.keyed(PAN, "2812"), 1000);
        ISOMsg repeat = roundTrip(RequestFactory.repeat(purchase), dialect);
        assertEquals("0201", repeat.getMTI());
        assertEquals("0200", purchase.getMTI());
        assertEquals(purchase.getString(11), repeat.getString(11));
        assertEquals(purchase.getString(7), repeat.getString(7));
        ISOMsg partial = roundTrip(RequestFactory.withPartialApproval(purchase), dialect);
        assertTrue(PrivateData.parse(partial.getString(48)).isYes(PrivateData.PARTIAL_APPROVAL));
        assertEquals("PA001Y", partial.getString(48));
        assertFalse(purchase.hasField(48));
        assertEquals("0421", RequestFactory.repeat(factory.reversalAdvice(purchase, 0)).getMTI());
    }

    @Test
    void stanWrapsAfter999999() {
        RequestFactory f = new RequestFactory("T1", "M1", "N", "978", 999_999);
        assertEquals("999999", f.echo().getString(11));
        assertEquals("000001", f.echo().getString(11));
        assertEquals("T1      ", f.echo().getString(41));
        assertEquals("M1             ", f.echo().getString(42));
    }

    @Test
    void stansAndRrnsAreUniqueAcrossThreads() throws Exception {
        Set<String> stans = ConcurrentHashMap.newKeySet();
        Set<String> rrns = ConcurrentHashMap.newKeySet();
        CardData card = CardData.keyed(PAN, "2812");
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            IntStream.range(0, 4).forEach(t -> pool.submit(() -> {
                for (int i = 0; i < 5000; i++) {
                    ISOMsg m = factory.purchase(card, 1);
                    stans.add(m.getString(11));
                    rrns.add(m.getString(37));
                }
            }));
        }
        assertEquals(20_000, stans.size());
        assertEquals(20_000, rrns.size());
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> new RequestFactory("TERM00012", "M", "N", "840"));
        assertThrows(IllegalArgumentException.class, () -> new RequestFactory("T", "M", "N", "USD"));
        assertThrows(IllegalArgumentException.class, () -> CardData.keyed("12AB", "2812"));
        assertThrows(IllegalArgumentException.class, () -> CardData.keyed(PAN, "28-12"));
        assertThrows(IllegalArgumentException.class, () -> factory.purchase(CardData.keyed(PAN, "2812"), -1));
    }

    @Test
    void printerMasksThePanAndHidesTrack2() {
        ISOMsg m = factory.purchase(CardData.keyed(PAN, "2812"), 1234);
        String text = AnswerPrinter.render(m);
        assertTrue(text.contains("999900******0017"), text);
        assertFalse(text.contains(PAN), text);
        assertTrue(text.contains("12.34 840"), text);
        ISOMsg swiped = factory.purchase(CardData.swiped(PAN, "2812"), 1);
        String t2 = AnswerPrinter.render(swiped);
        assertFalse(t2.contains(PAN), t2);
        assertTrue(t2.contains("not shown"), t2);
        ISOMsg answer = (ISOMsg) m.clone();
        answer.set(39, "51");
        answer.set(54, AdditionalAmounts.balances("840", 1500, 1200));
        answer.set(52, new byte[8]);
        answer.set(48, "CV003123PA001Y");
        String a = AnswerPrinter.render(answer);
        assertTrue(a.contains("51 insufficient funds"), a);
        assertTrue(a.contains("ledger 15.00 840, available 12.00 840"), a);
        assertTrue(a.contains("PIN block, not shown"), a);
        assertTrue(a.contains("CV=*** PA=Y"), a);
        Set<String> lines = new HashSet<>(a.lines().toList());
        assertTrue(lines.stream().noneMatch(l -> l.contains("0000000000000000")), a);
    }
}
