package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * System 4 through the real switch's public ports, both dialects, to the real issuer host: a purchase that presents a
 * one-time code (field 48 OT, the carrier number in field 2) is approved from the bound card and burns the code; reuse,
 * over the maximum, another merchant, a repeat; a single-use number used twice; and, once the stack has stopped, no
 * code minted in the test in any file it left (databases, logs).
 */
class OneTimeCodeEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MINTED = new ArrayList<>();
    private static VeilStack stack;
    private static AdminClient admin;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("otc", Map.of());
        admin = stack.admin();
    }

    @AfterAll
    static void stopStackAndScanItsFiles() throws Exception {
        if (stack == null) return;
        stack.close();
        assertFalse(MINTED.isEmpty());
        int files = 0;
        try (Stream<Path> all = Files.walk(stack.dataDir())) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                files++;
                for (String code : MINTED) assertFalse(raw.contains(code), f + " holds the one-time code " + OneTimeCodes.mask(code));
            }
        }
        assertTrue(files >= 3, "files scanned: " + files);
        List<SecretScan.Finding> found = new ArrayList<>();
        for (Path f : SecretScan.candidates(stack.dataDir())) found.addAll(SecretScan.scan(f));
        assertTrue(found.isEmpty(), "scripts/scan-secrets finds: " + found);
    }

    @AfterEach
    void ledgerStillAudits() throws Exception {
        StackFixture.assertLedgerAudits(admin);
    }

    private static IsoClient connect(Dialect d) throws Exception {
        return IsoClient.connect(d, "127.0.0.1", d == Dialect.TERMINAL ? stack.ports().terminal() : stack.ports().van());
    }

    private static RequestFactory factory(Dialect d) {
        return d == Dialect.TERMINAL
                ? new RequestFactory("TERM0003", "MERCHANT0000001", "Veil Demo Coffee", "840")
                : new RequestFactory("VAN00003", "VANSHOP00000001", "Veil Demo Web Shop", "840");
    }

    private static String merchantOf(Dialect d) {
        return d == Dialect.TERMINAL ? "MERCHANT0000001" : "VANSHOP00000001";
    }

    private static String otherMerchant(Dialect d) {
        return d == Dialect.TERMINAL ? "VANSHOP00000001" : "MERCHANT0000001";
    }

    /** A card of the given use ("any", "single"), loaded. */
    private static JsonNode card(String use, long load) throws Exception {
        HttpResponse<String> r = admin.raw("POST", "/cards", "{\"product\":\"PREPAID-USD\",\"use\":\"" + use + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode card = JSON.readTree(r.body());
        admin.load(card.get("id").asText(), load, "otc-e2e-" + card.get("id").asText());
        return card;
    }

    private static String mint(JsonNode card, long max, String merchant) throws Exception {
        HttpResponse<String> r = admin.raw("POST", "/cards/" + card.get("id").asText() + "/one-time-codes",
                "{\"maxAmount\":" + max + ",\"expiresInSeconds\":600" + (merchant == null ? "" : ",\"merchant\":\"" + merchant + "\"") + "}");
        assertEquals(201, r.statusCode(), r.body());
        String code = JSON.readTree(r.body()).get("code").asText();
        MINTED.add(code);
        return code;
    }

    /** The merchant's ledger; 0 before its first payment (the issuer knows it from then on). */
    private static long merchantLedger(String merchant) throws Exception {
        HttpResponse<String> r = admin.raw("GET", "/merchants/" + merchant, null);
        return r.statusCode() == 404 ? 0 : JSON.readTree(r.body()).get("ledger").asLong();
    }

    /** A keyed purchase that presents the code instead of a card: the carrier number in field 2, no expiry. */
    private static ISOMsg codePurchase(Dialect d, String code, long amount) {
        return factory(d).oneTimeCodePurchase(OneTimeCodes.CARRIER_PAN, code, amount);
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void aCodePaysOnceAndIsRefusedAfter(Dialect d) throws Exception {
        JsonNode card = card("any", 10_000);
        String id = card.get("id").asText();
        String code = mint(card, 5_000, null);
        long merchantBefore = merchantLedger(merchantOf(d));
        try (IsoClient c = connect(d)) {
            ISOMsg req = codePurchase(d, code, 3_000);
            ISOMsg ans = c.call(req, TIMEOUT);
            assertEquals("0210", ans.getMTI());
            assertEquals("00", ans.getString(39));
            assertEquals("000000003000", ans.getString(4));
            assertFalse(ans.hasField(48) && ans.getString(48).contains(code), "the answer does not give the code back");
            ISOMsg again = c.call(RequestFactory.repeat(req), TIMEOUT);
            assertEquals("00", again.getString(39), "a repeat gets the original answer, not 57");
            assertEquals(ans.getString(38), again.getString(38));
            assertEquals("57", c.call(codePurchase(d, code, 1_000), TIMEOUT).getString(39), "a used code");
        }
        assertEquals(7_000, admin.ledger(id));
        assertEquals(merchantBefore + 3_000, merchantLedger(merchantOf(d)), "the merchant is paid");
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void aCodeOverItsMaximumIs61AndElsewhereThanItsMerchant57(Dialect d) throws Exception {
        JsonNode card = card("any", 10_000);
        String forHere = mint(card, 2_000, merchantOf(d));
        String forElsewhere = mint(card, 2_000, otherMerchant(d));
        try (IsoClient c = connect(d)) {
            assertEquals("61", c.call(codePurchase(d, forHere, 2_001), TIMEOUT).getString(39));
            assertEquals("57", c.call(codePurchase(d, forElsewhere, 1_000), TIMEOUT).getString(39));
            assertEquals("14", c.call(codePurchase(d, "1234567890123452", 1_000), TIMEOUT).getString(39), "no such code");
            assertEquals("00", c.call(codePurchase(d, forHere, 2_000), TIMEOUT).getString(39));
        }
        assertEquals(8_000, admin.ledger(card.get("id").asText()));
    }

    @ParameterizedTest
    @EnumSource(names = {"TERMINAL", "VAN"})
    void aSingleUseNumberPaysOnce(Dialect d) throws Exception {
        JsonNode card = card("single", 10_000);
        CardData keyed = CardData.keyed(card.get("pan").asText(), card.get("expiry").asText());
        try (IsoClient c = connect(d)) {
            assertEquals("00", c.call(factory(d).purchase(keyed, 1_000), TIMEOUT).getString(39));
            assertEquals("57", c.call(factory(d).purchase(keyed, 1_000), TIMEOUT).getString(39));
        }
        assertEquals(9_000, admin.ledger(card.get("id").asText()));
        assertEquals("CLOSED", admin.card(card.get("id").asText()).get("state").asText());
    }
}
