package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.jpos.iso.ISOMsg;
import org.jpos.util.NameRegistrar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.veil.issuer.admin.AdminCli;
import org.veil.packagers.PrivateData;
import org.veil.packagers.ResponseCode;
import org.veil.security.CardVerificationValue;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;
import org.veil.security.PinBlock;
import org.veil.security.PinVerification;

/**
 * Card security at the issuer, over the real host link and admin API of a running issuer host: the PIN (field 52 under
 * the zone PIN key, checked against the card's PVV, wrong tries counted and locked at 3, reset by a new PIN) and the
 * card verification values (CVV in track 2, CVV2 in field 48 CV, iCVV in field 55 tag 57), computed with the test keys.
 */
@Timeout(60)
class CardSecurityTest {
    private static final String USD = "840";
    private static final KeyVault KEYS = KeyVault.load(Path.of("..", "cfg", "keys", "TEST-ONLY-keys.p12"),
            "test-only-not-a-secret".toCharArray());
    private static final SecretKey ZPK = KEYS.key(KeyRole.ZPK.alias);
    private static final SecretKey PVK = KEYS.key(KeyRole.PVK.alias);
    private static final SecretKey CVK = KEYS.key(KeyRole.CVK.alias);
    private static AdminClient admin;
    private static HostLinkClient link;
    private static String adminUrl;

    @BeforeAll
    static void start() throws Exception {
        RunningIssuerHost host = RunningIssuerHost.get();
        admin = new AdminClient(host.adminPort);
        adminUrl = "http://127.0.0.1:" + host.adminPort;
        link = new HostLinkClient(host.hostPort);
    }

    @AfterAll
    static void disconnect() throws Exception {
        link.close();
    }

    @AfterEach
    void ledgerStillBalances() throws Exception {
        assertTrue(admin.ok("GET", "/audit", null).get("ok").asBoolean());
    }

    // ---- helpers ----

    /** A card of PREPAID-USD with {@code pin} (none when null) loaded with 10 000. */
    private static JsonNode card(String pin) throws Exception {
        String body = "{\"product\":\"PREPAID-USD\"" + (pin == null ? "" : ",\"pin\":\"" + pin + "\"") + "}";
        AdminClient.Reply r = admin.call("POST", "/cards", body);
        assertEquals(201, r.status(), r.body().toString());
        JsonNode card = r.body();
        admin.ok("POST", "/cards/" + card.get("id").asLong() + "/load", "{\"amount\":10000}");
        return card;
    }

    private static String pan(JsonNode card) {
        return card.get("pan").asText();
    }

    private static ISOMsg purchase(JsonNode card, long amount) throws Exception {
        return HostLinkClient.request("2200", pan(card), "000000", amount, USD);
    }

    /** A purchase carrying {@code pin} as the switch sends it: format 0 under the zone PIN key. */
    private static ISOMsg withPin(JsonNode card, long amount, String pin) throws Exception {
        ISOMsg m = purchase(card, amount);
        m.set(52, PinBlock.encryptFormat0(ZPK, pin, pan(card)));
        return m;
    }

    private static String rc(ISOMsg request) throws Exception {
        return ResponseCode.fromHostCode(link.send(request).getString(39)).code();
    }

    private static JsonNode show(JsonNode card) throws Exception {
        return admin.ok("GET", "/cards/" + card.get("id").asLong(), null);
    }

    private static long available(JsonNode card) throws Exception {
        return show(card).get("available").asLong();
    }

    /** What the cards table keeps of the card's PIN: the sealed PVV (hex, or null) and the wrong tries. */
    private static String pinRow(JsonNode card) throws Exception {
        DataSource ds = NameRegistrar.get("veil.issuer.datasource");
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pvv_cipher, pin_tries FROM cards WHERE id = ?")) {
            ps.setLong(1, card.get("id").asLong());
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                byte[] sealed = rs.getBytes(1);
                return (sealed == null ? "null" : HexFormat.of().formatHex(sealed)) + "/" + rs.getInt(2);
            }
        }
    }

    private static int tries(JsonNode card) throws Exception {
        String row = pinRow(card);
        return Integer.parseInt(row.substring(row.indexOf('/') + 1));
    }

    /** Field 55 with the chip's track 2 equivalent (tag 57) between two other data objects, as a terminal builds it. */
    private static byte[] chipData(String pan, String expiry, String icvv) {
        String t2 = pan + "D" + expiry + "201" + "10000" + icvv;
        if (t2.length() % 2 == 1) t2 += "F";
        String tag57 = "57" + String.format("%02X", t2.length() / 2) + t2;
        return HexFormat.of().parseHex("9F02060000000001005F2A020840" + tag57 + "9F360200A1");
    }

    // ---- issuance ----

    @Test
    void theIssuanceAnswerCarriesVerifiableCvv2Track2AndIcvv() throws Exception {
        JsonNode card = card("2468");
        String pan = pan(card);
        String expiry = card.get("expiry").asText();
        assertTrue(CardVerificationValue.verify(CVK, pan, expiry, "000", card.get("cvv2").asText()), card.toString());
        assertTrue(CardVerificationValue.verify(CVK, pan, expiry, "999", card.get("icvv").asText()), card.toString());
        String track2 = card.get("track2").asText();
        String pvv = PinVerification.pvv(PVK, pan, "2468", 1);
        String cvv = CardVerificationValue.cvv(CVK, pan, expiry, "101");
        assertEquals(pan + "=" + expiry + "101" + "1" + pvv + cvv, track2, "PAN=YYMM, service code 101, PVKI 1, PVV, CVV");
        JsonNode noPin = card(null);
        String cvvNoPin = CardVerificationValue.cvv(CVK, pan(noPin), noPin.get("expiry").asText(), "101");
        assertEquals(pan(noPin) + "=" + noPin.get("expiry").asText() + "101" + "10000" + cvvNoPin, noPin.get("track2").asText());
        JsonNode shown = show(card);
        assertTrue(shown.get("pinSet").asBoolean());
        assertFalse(shown.get("pinLocked").asBoolean());
        assertFalse(show(noPin).get("pinSet").asBoolean());
        for (String secret : List.of("cvv2", "track2", "icvv", "pvv", "pin", "pan")) assertFalse(shown.has(secret), shown.toString());
        assertFalse(shown.toString().contains(pvv), "the card view never shows the PVV");
    }

    // ---- PIN ----

    @Test
    void theRightPinIsApproved() throws Exception {
        JsonNode card = card("1234");
        assertEquals("00", rc(withPin(card, 1_000, "1234")));
        assertEquals(9_000, available(card));
        assertEquals("00", rc(HostLinkClient.request("2200", pan(card), "310000", -1, USD)), "no PIN, no PIN check");
        ISOMsg balance = HostLinkClient.request("2200", pan(card), "310000", -1, USD);
        balance.set(52, PinBlock.encryptFormat0(ZPK, "1234", pan(card)));
        assertEquals("00", rc(balance), "a balance inquiry with the right PIN");
        ISOMsg auth = HostLinkClient.request("2100", pan(card), "000000", 500, USD);
        auth.set(52, PinBlock.encryptFormat0(ZPK, "1234", pan(card)));
        assertEquals("00", rc(auth));
        assertEquals(0, tries(card));
    }

    @Test
    void threeWrongPinsLockThePinUntilANewOneIsSet() throws Exception {
        JsonNode card = card("1234");
        assertEquals("55", rc(withPin(card, 100, "4321")));
        assertEquals(1, tries(card));
        assertEquals("55", rc(withPin(card, 100, "1243")));
        assertEquals(2, tries(card));
        assertEquals("75", rc(withPin(card, 100, "0000")), "the third wrong PIN in a row");
        assertEquals("75", rc(withPin(card, 100, "1234")), "locked: even the right PIN");
        ISOMsg refund = HostLinkClient.request("2200", pan(card), "200000", 100, USD);
        refund.set(52, PinBlock.encryptFormat0(ZPK, "1234", pan(card)));
        assertEquals("75", rc(refund), "locked for a refund with a PIN too");
        assertEquals(10_000, available(card), "nothing moved");
        assertTrue(show(card).get("pinLocked").asBoolean());
        assertEquals("00", rc(purchase(card, 100)), "a request without a PIN is not refused by the PIN lock");
        // A new PIN through the admin API, by the card's number: clears the lock.
        JsonNode reset = admin.ok("POST", "/cards/" + pan(card) + "/pin", "{\"pin\":\"5678\"}");
        assertTrue(reset.get("pinSet").asBoolean());
        assertFalse(reset.get("pinLocked").asBoolean());
        assertEquals(0, tries(card));
        assertEquals("55", rc(withPin(card, 100, "1234")), "the old PIN is no longer the PIN");
        assertEquals("00", rc(withPin(card, 100, "5678")));
        assertEquals(0, tries(card), "a right PIN clears the count");
        assertEquals(9_800, available(card));
    }

    @Test
    void aRightPinClearsTheCountOfWrongOnes() throws Exception {
        JsonNode card = card("902615");
        assertEquals("55", rc(withPin(card, 100, "902515")));
        assertEquals("55", rc(withPin(card, 100, "802615")));
        assertEquals("00", rc(withPin(card, 100, "902615")));
        assertEquals(0, tries(card));
        assertEquals("55", rc(withPin(card, 100, "111111")), "counting starts again from zero");
        assertEquals(1, tries(card));
    }

    @Test
    void aRepeatOfAWrongPinGetsTheStoredAnswerAndIsNotCounted() throws Exception {
        JsonNode card = card("1234");
        ISOMsg wrong = withPin(card, 100, "9999");
        assertEquals("55", rc(wrong));
        assertEquals(1, tries(card));
        assertEquals("55", rc((ISOMsg) wrong.clone()), "the same request again");
        ISOMsg repeat = (ISOMsg) wrong.clone();
        repeat.setMTI("2201");
        assertEquals("55", rc(repeat));
        assertEquals("55", rc((ISOMsg) repeat.clone()));
        assertEquals(1, tries(card), "three copies of one wrong PIN are one try");
        assertEquals("55", rc(withPin(card, 100, "9998")), "the second wrong PIN, not the fifth");
        assertEquals(2, tries(card));
        assertEquals("00", rc(withPin(card, 100, "1234")));
    }

    @Test
    void aPinForACardWithoutOneIs55AndCountsNothing() throws Exception {
        JsonNode card = card(null);
        for (int i = 0; i < 4; i++) assertEquals("55", rc(withPin(card, 100, "1234")));
        assertEquals("null/0", pinRow(card));
        assertFalse(show(card).get("pinLocked").asBoolean());
        assertEquals("00", rc(purchase(card, 100)));
        // A PIN set later by the admin API (by id) applies from then on.
        admin.ok("POST", "/cards/" + card.get("id").asLong() + "/pin", "{\"pin\":\"123456789012\"}");
        assertEquals("00", rc(withPin(card, 100, "123456789012")));
        assertEquals("55", rc(withPin(card, 100, "124456789012")));
        // The Visa PVV is computed from the PIN's first 4 digits only (its TSP holds no more): a PIN that differs only
        // after them verifies. A property of the method the task names, kept visible here.
        assertEquals("00", rc(withPin(card, 100, "123499999999")));
    }

    @Test
    void aPinBlockUnderAnotherKeyOrForAnotherCardIsAWrongPin() throws Exception {
        JsonNode card = card("1234");
        ISOMsg otherKey = purchase(card, 100);
        otherKey.set(52, PinBlock.encryptFormat0(KEYS.key(KeyRole.TPK.alias), "1234", pan(card)));
        assertEquals("55", rc(otherKey), "not translated to the zone PIN key");
        ISOMsg otherCard = purchase(card, 100);
        otherCard.set(52, PinBlock.encryptFormat0(ZPK, "1234", "9999000000000012"));
        assertEquals("55", rc(otherCard));
        assertEquals(2, tries(card));
    }

    // ---- card verification values ----

    @Test
    void track2WithTheRightCvvIsApprovedAndWithAWrongOne05() throws Exception {
        JsonNode card = card("1234");
        String track2 = card.get("track2").asText();
        ISOMsg swiped = HostLinkClient.request("2200", null, "000000", 1_000, USD);
        swiped.set(35, track2);
        assertEquals("00", rc(swiped));
        String cvv = track2.substring(track2.length() - 3);
        String wrongCvv = String.format("%03d", (Integer.parseInt(cvv) + 1) % 1000);
        String expiry = card.get("expiry").asText();
        List<String> bads = new java.util.ArrayList<>(List.of(track2.substring(0, track2.length() - 3) + wrongCvv,
                pan(card) + "=" + expiry + "101" + "00000000", // a stripe without a CVV, as CardData.swiped makes it
                pan(card) + "=" + expiry + "101")); // no discretionary data at all
        if (!CardVerificationValue.cvv(CVK, pan(card), expiry, "201").equals(cvv)) {
            bads.add(pan(card) + "=" + expiry + "201" + track2.substring(track2.length() - 8)); // the CVV is for service code 101
        }
        for (String bad : bads) {
            ISOMsg m = HostLinkClient.request("2200", null, "000000", 1_000, USD);
            m.set(35, bad);
            assertEquals("05", rc(m), "track " + bad.substring(pan(card).length()));
        }
        ISOMsg tdSeparator = HostLinkClient.request("2200", null, "000000", 1_000, USD);
        tdSeparator.set(35, track2.replace('=', 'D'));
        assertEquals("00", rc(tdSeparator), "the separator as the nibble D");
        ISOMsg otherCardsTrack = purchase(card(null), 100);
        otherCardsTrack.set(35, track2);
        assertEquals("05", rc(otherCardsTrack), "field 2 and the track's PAN differ");
        // Swiped with the right track and a PIN: both checked.
        ISOMsg both = HostLinkClient.request("2200", null, "000000", 500, USD);
        both.set(35, track2);
        both.set(52, PinBlock.encryptFormat0(ZPK, "1234", pan(card)));
        assertEquals("00", rc(both));
        ISOMsg counterfeit = HostLinkClient.request("2200", null, "000000", 500, USD);
        counterfeit.set(35, track2.substring(0, track2.length() - 3) + wrongCvv);
        counterfeit.set(52, PinBlock.encryptFormat0(ZPK, "0000", pan(card)));
        assertEquals("05", rc(counterfeit), "a bad CVV is refused before the PIN is looked at");
        assertEquals(0, tries(card), "so no PIN try is counted");
        assertEquals(7_500, available(card));
    }

    @Test
    void cvv2RightIsApprovedWrong05AndAbsentNotChecked() throws Exception {
        JsonNode card = card(null);
        String cvv2 = card.get("cvv2").asText();
        ISOMsg right = purchase(card, 1_000);
        right.set(14, card.get("expiry").asText());
        right.set(48, PrivateData.empty().with(PrivateData.CVV2, cvv2).format());
        assertEquals("00", rc(right));
        for (String bad : List.of(String.format("%03d", (Integer.parseInt(cvv2) + 1) % 1000), "", "12", cvv2 + "0", "abc")) {
            ISOMsg wrong = purchase(card, 1_000);
            wrong.set(48, PrivateData.empty().with(PrivateData.CVV2, bad).format());
            assertEquals("05", rc(wrong), "CVV2 '" + bad + "'");
        }
        ISOMsg icvvAsCvv2 = purchase(card, 1_000);
        icvvAsCvv2.set(48, PrivateData.empty().with(PrivateData.CVV2, card.get("icvv").asText()).format());
        if (!card.get("icvv").asText().equals(cvv2)) assertEquals("05", rc(icvvAsCvv2), "the iCVV is not the CVV2");
        assertEquals("00", rc(purchase(card, 1_000)), "keyed without a CVV2 stays allowed");
        assertEquals(8_000, available(card));
    }

    @Test
    void icvvInTheChipsTrack2EquivalentRightIsApprovedWrong05() throws Exception {
        JsonNode card = card(null);
        String expiry = card.get("expiry").asText();
        String icvv = card.get("icvv").asText();
        ISOMsg right = purchase(card, 1_000);
        right.set(55, chipData(pan(card), expiry, icvv));
        assertEquals("00", rc(right));
        String wrongIcvv = String.format("%03d", (Integer.parseInt(icvv) + 1) % 1000);
        ISOMsg wrong = purchase(card, 1_000);
        wrong.set(55, chipData(pan(card), expiry, wrongIcvv));
        assertEquals("05", rc(wrong));
        String stripeCvv = CardVerificationValue.cvv(CVK, pan(card), expiry, "101");
        if (!stripeCvv.equals(icvv)) {
            ISOMsg stripeCvvOnChip = purchase(card, 1_000);
            stripeCvvOnChip.set(55, chipData(pan(card), expiry, stripeCvv));
            assertEquals("05", rc(stripeCvvOnChip), "the stripe's CVV is not the iCVV");
        }
        ISOMsg noTag57 = purchase(card, 1_000);
        noTag57.set(55, HexFormat.of().parseHex("9F02060000000001005F2A020840"));
        assertEquals("00", rc(noTag57), "chip data without tag 57: nothing to check");
        ISOMsg notTlv = purchase(card, 1_000);
        notTlv.set(55, HexFormat.of().parseHex("9F0206000000"));
        assertEquals("30", rc(notTlv), "field 55 that is not BER-TLV is a format error");
        assertEquals(8_000, available(card));
    }

    // ---- admin API and CLI ----

    static Stream<Arguments> badPinRequests() {
        return Stream.of(
                Arguments.of("/cards/{card}/pin", "{\"pin\":\"12a4\"}", "4 to 12 digits"),
                Arguments.of("/cards/{card}/pin", "{\"pin\":\"123\"}", "4 to 12 digits"),
                Arguments.of("/cards/{card}/pin", "{\"pin\":\"1234567890123\"}", "4 to 12 digits"),
                Arguments.of("/cards/{card}/pin", "{\"pin\":\" 1234\"}", "4 to 12 digits"),
                Arguments.of("/cards/{card}/pin", "{\"pin\":1234}", "must be a string"),
                Arguments.of("/cards/{card}/pin", "{\"pin\":null}", "'pin' is required"),
                Arguments.of("/cards/{card}/pin", "{}", "'pin' is required"),
                Arguments.of("/cards/{card}/pin", "{\"pin\":\"5678\",\"tries\":0}", "unknown field 'tries'"),
                Arguments.of("/cards/{card}/pin", "{\"newPin\":\"5678\"}", "unknown field 'newPin'"),
                Arguments.of("/cards/{card}/pin", "5678", "not a number"),
                Arguments.of("/cards/424242/pin", "{\"pin\":\"5678\"}", "no card 424242"),
                Arguments.of("/cards", "{\"product\":\"PREPAID-USD\",\"pin\":\"12\"}", "4 to 12 digits"),
                Arguments.of("/cards", "{\"product\":\"PREPAID-USD\",\"pin\":\"1234abcd\"}", "4 to 12 digits"),
                Arguments.of("/cards", "{\"product\":\"PREPAID-USD\",\"pin\":1234}", "must be a string"),
                Arguments.of("/cards", "{\"product\":\"PREPAID-USD\",\"pins\":\"1234\"}", "unknown field 'pins'"));
    }

    @ParameterizedTest(name = "POST {0} {1}")
    @MethodSource("badPinRequests")
    void badPinInputIs400InOneLineAndChangesNothing(String path, String body, String saying) throws Exception {
        JsonNode card = card("1234");
        assertEquals("55", rc(withPin(card, 100, "9999"))); // one wrong try: a reset would clear it
        String before = pinRow(card);
        LedgerSnapshot ledger = LedgerSnapshot.take(admin, card.get("id").asLong());
        AdminClient.Reply r = admin.call("POST", path.replace("{card}", card.get("id").asText()), body);
        assertEquals(path.contains("424242") ? 404 : 400, r.status(), r.body().toString());
        assertTrue(r.body().isObject() && r.body().size() == 1, r.body().toString());
        String error = r.body().get("error").asText();
        assertTrue(error.contains(saying), "'" + error + "' should say " + saying);
        assertEquals(1, error.lines().count());
        for (String pin : List.of("12a4", "1234567890123", "1234abcd")) assertFalse(error.contains(pin), "the error repeats the PIN: " + error);
        assertEquals(before, pinRow(card), "the PIN changed");
        assertEquals(ledger, LedgerSnapshot.take(admin, card.get("id").asLong()), "no card issued, nothing moved");
    }

    @Test
    void theCliSetsAPinAndRefusesABadOneInOneLine() throws Exception {
        JsonNode card = card("1234");
        long id = card.get("id").asLong();
        for (int i = 0; i < 3; i++) rc(withPin(card, 100, "0000"));
        assertTrue(show(card).get("pinLocked").asBoolean());
        String before = pinRow(card);
        for (String[] bad : List.of(new String[] {"card", "pin"}, new String[] {"card", "pin", Long.toString(id)},
                new String[] {"card", "pin", Long.toString(id), "12a4"}, new String[] {"card", "pin", Long.toString(id), "123"},
                new String[] {"card", "pin", Long.toString(id), "1234567890123"}, new String[] {"card", "pin", "abc", "1234"},
                new String[] {"card", "pin", Long.toString(id), "1234", "extra"},
                new String[] {"card", "issue", "--product", "PREPAID-USD", "--pin", "12"})) {
            String[] out = cli(bad);
            assertEquals("2", out[0], String.join(" ", bad) + " -> " + out[2]);
            assertEquals(1, out[2].lines().count(), out[2]);
            assertTrue(out[2].startsWith("veil: "), out[2]);
            assertEquals("", out[1]);
            for (String pin : List.of("12a4", "1234567890123")) assertFalse(out[2].contains(pin), out[2]);
        }
        assertEquals(before, pinRow(card), "usage errors send nothing");
        String[] ok = cli("card", "pin", Long.toString(id), "8642");
        assertEquals("0", ok[0], ok[2]);
        assertTrue(ok[1].contains("PIN set"), ok[1]);
        assertFalse(ok[1].contains("8642"), ok[1]);
        assertEquals("00", rc(withPin(card, 100, "8642")));
        String[] issued = cli("card", "issue", "--product", "PREPAID-USD", "--pin", "97531");
        assertEquals("0", issued[0], issued[2]);
        assertTrue(issued[1].contains("track 2 9999") && issued[1].contains("PIN set"), issued[1]);
    }

    private static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] argv = Stream.concat(Stream.of("--admin-url", adminUrl), Stream.of(args)).toArray(String[]::new);
        int code = AdminCli.run(argv, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), Objects.requireNonNull(err.toString())};
    }
}
