package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.veil.packagers.CardNumbers;

/**
 * Bad input to the admin API of a real issuer host over real HTTP (and raw TCP): each request gets the right
 * 4xx with {"error": "one line"}, the server stays up, and nothing was written (card, merchant and audit
 * read the same before and after).
 */
@Timeout(60)
class AdminApiBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static RunningIssuerHost host;
    private static AdminClient admin;
    private static long card;
    private static String pan;

    @BeforeAll
    static void start() throws Exception {
        host = RunningIssuerHost.get();
        admin = new AdminClient(host.adminPort);
        JsonNode issued = admin.issue("PREPAID-USD", 5000); // loaded under the reference init-{id}
        card = issued.get("id").asLong();
        pan = issued.get("pan").asText();
    }

    private static LedgerSnapshot ledger() throws Exception {
        return LedgerSnapshot.take(admin, card);
    }

    // {card} is the test card's id, {pan} its PAN, {badluhn} its PAN with the check digit off by one,
    // {unknownpan} a Luhn-valid PAN never issued.
    static Stream<Arguments> badRequests() {
        return Stream.of(
                // malformed JSON, each route that reads a body
                bad("POST", "/cards", "{\"product\":", 400, "not valid JSON"),
                bad("POST", "/cards/{card}/load", "{amount: 5}", 400, "not valid JSON"),
                bad("POST", "/cards/{card}/state", "BLOCKED", 400, "not valid JSON"),
                bad("POST", "/holds/expire", "{", 400, "not valid JSON"),
                bad("POST", "/cards/{card}/load", "{\"amount\":100} {\"amount\":100}", 400, "more after the object"),
                bad("POST", "/cards/{card}/load", "{\"amount\":100,\"amount\":200}", 400, "twice"),
                bad("POST", "/cards/{card}/load", "\u00ff\u00fe{}", 400, "not valid JSON"),
                // JSON of the wrong shape
                bad("POST", "/cards", "[\"PREPAID-USD\"]", 400, "not an array"),
                bad("POST", "/cards", "\"PREPAID-USD\"", 400, "not a string"),
                bad("POST", "/cards/{card}/load", "null", 400, "not null"),
                bad("POST", "/cards/{card}/load", "100", 400, "not a number"),
                bad("POST", "/cards/{card}/state", "[]", 400, "not an array"),
                bad("POST", "/cards", "", 400, "required"),
                bad("POST", "/cards/{card}/load", "", 400, "required"),
                // missing fields, unknown fields
                bad("POST", "/cards", "{}", 400, "'product' is required"),
                bad("POST", "/cards/{card}/load", "{\"reference\":\"x\"}", 400, "'amount' is required"),
                bad("POST", "/cards/{card}/state", "{}", 400, "'state' is required"),
                bad("POST", "/cards/{card}/load", "{\"ammount\":100}", 400, "unknown field 'ammount'"),
                bad("POST", "/holds/expire", "{\"all\":true}", 400, "unknown field 'all'"),
                // wrong types and values
                bad("POST", "/cards", "{\"product\":5}", 400, "must be a string"),
                bad("POST", "/cards", "{\"product\":null}", 400, "'product' is required"),
                bad("POST", "/cards", "{\"product\":\"  \"}", 400, "blank"),
                bad("POST", "/cards", "{\"product\":[\"PREPAID-USD\"]}", 400, "must be a string"),
                bad("POST", "/cards/{card}/load", "{\"amount\":\"100\"}", 400, "must be a number"),
                bad("POST", "/cards/{card}/load", "{\"amount\":1.5}", 400, "whole number"),
                bad("POST", "/cards/{card}/load", "{\"amount\":1e3}", 400, "whole number"),
                bad("POST", "/cards/{card}/load", "{\"amount\":99999999999999999999999}", 400, "too large"),
                bad("POST", "/cards/{card}/load", "{\"amount\":-100}", 400, "positive"),
                bad("POST", "/cards/{card}/load", "{\"amount\":0}", 400, "positive"),
                bad("POST", "/cards/{card}/load", "{\"amount\":true}", 400, "must be a number"),
                bad("POST", "/cards/{card}/load", "{\"amount\":100,\"reference\":42}", 400, "'reference' must be a string"),
                bad("POST", "/cards/{card}/load", "{\"amount\":100,\"reference\":\"" + "r".repeat(65) + "\"}", 400, "at most 64"),
                bad("POST", "/cards/{card}/load", "{\"amount\":100,\"reference\":\"line\\nbreak\"}", 400, "printable"),
                bad("POST", "/cards/{card}/state", "{\"state\":3}", 400, "must be a string"),
                // unknown product or state, over the limits, a reference reused with another amount
                bad("POST", "/cards", "{\"product\":\"NOPE\"}", 400, "unknown product 'NOPE'"),
                bad("POST", "/cards", "{\"product\":\"NOPE\\nX-Injected: 1\"}", 400, "unknown product"),
                bad("POST", "/cards/{card}/state", "{\"state\":\"FROZEN\"}", 400, "unknown card state 'FROZEN'"),
                bad("POST", "/cards/{card}/load", "{\"amount\":1000001}", 409, "maximum"),
                bad("POST", "/cards/{card}/load", "{\"amount\":9223372036854775807}", 409, "maximum"),
                bad("POST", "/cards/{card}/load", "{\"amount\":6000,\"reference\":\"init-{card}\"}", 409, "already used"),
                // one-time codes and a card's use: nothing minted, nothing issued
                bad("POST", "/cards/{card}/one-time-codes", "{}", 400, "'maxAmount' is required"),
                bad("POST", "/cards/{card}/one-time-codes", "{\"maxAmount\":100}", 400, "'expiresInSeconds' is required"),
                bad("POST", "/cards/{card}/one-time-codes", "{\"maxAmount\":0,\"expiresInSeconds\":600}", 400, "must be positive"),
                bad("POST", "/cards/{card}/one-time-codes", "{\"maxAmount\":-5,\"expiresInSeconds\":600}", 400, "must be positive"),
                bad("POST", "/cards/{card}/one-time-codes", "{\"maxAmount\":\"100\",\"expiresInSeconds\":600}", 400, "must be a number"),
                bad("POST", "/cards/{card}/one-time-codes", "{\"maxAmount\":100,\"expiresInSeconds\":0}", 400, "'expiresInSeconds' must be 1 to"),
                bad("POST", "/cards/{card}/one-time-codes", "{\"maxAmount\":100,\"expiresInSeconds\":2592001}", 400, "must be 1 to 2592000"),
                bad("POST", "/cards/{card}/one-time-codes", "{\"maxAmount\":500001,\"expiresInSeconds\":60}", 400, "maximum transaction"),
                bad("POST", "/cards/{card}/one-time-codes", "{\"maxAmount\":100,\"expiresInSeconds\":60,\"merchant\":\"MERCHANT00000001X\"}", 400,
                        "1 to 15 printable"),
                bad("POST", "/cards/{card}/one-time-codes", "{\"maxAmount\":100,\"expiresInSeconds\":60,\"merchant\":\"  \"}", 400, "blank"),
                bad("POST", "/cards/{card}/one-time-codes", "{\"maxAmount\":100,\"expiresInSeconds\":60,\"code\":\"1234\"}", 400,
                        "unknown field 'code'"),
                bad("POST", "/cards/424242/one-time-codes", "{\"maxAmount\":100,\"expiresInSeconds\":60}", 404, "no card 424242"),
                bad("POST", "/cards/{badluhn}/one-time-codes", "{\"maxAmount\":100,\"expiresInSeconds\":60}", 400, "Luhn"),
                bad("GET", "/cards/{card}/one-time-codes", null, 405, "use POST"),
                bad("POST", "/cards", "{\"product\":\"PREPAID-USD\",\"use\":\"twice\"}", 400, "'use': a card's use is 'single'"),
                bad("POST", "/cards", "{\"product\":\"PREPAID-USD\",\"use\":1}", 400, "'use' must be a string"),
                // card references
                bad("GET", "/cards/424242", null, 404, "no card 424242"),
                bad("POST", "/cards/424242/load", "{\"amount\":100}", 404, "no card 424242"),
                bad("POST", "/cards/424242/state", "{\"state\":\"BLOCKED\"}", 404, "no card 424242"),
                bad("GET", "/cards/{unknownpan}", null, 404, "no card 999900******"),
                bad("GET", "/cards/{badluhn}", null, 400, "Luhn"),
                bad("POST", "/cards/{badluhn}/load", "{\"amount\":100}", 400, "Luhn"),
                bad("POST", "/cards/{badluhn}/state", "{\"state\":\"BLOCKED\"}", 400, "Luhn"),
                bad("GET", "/cards/abc", null, 400, "its id or its PAN"),
                bad("GET", "/cards/-1", null, 400, "its id or its PAN"),
                bad("GET", "/cards/0", null, 400, "start at 1"),
                bad("POST", "/cards/1.5/load", "{\"amount\":100}", 400, "its id or its PAN"),
                bad("GET", "/cards/12345678901234567890", null, 400, "12 to 19 digits"),
                bad("GET", "/cards/%0A1", null, 400, "its id or its PAN"),
                bad("GET", "/cards/{card}%2Fload", null, 400, "its id or its PAN"),
                bad("GET", "/merchants/NEVERSEEN", null, 404, "no merchant"),
                bad("GET", "/merchants/" + "M".repeat(16), null, 400, "1 to 15"),
                // method, path, query string, Content-Type
                bad("DELETE", "/cards", null, 405, "use POST"),
                bad("GET", "/cards/{card}/load", null, 405, "use POST"),
                bad("PUT", "/cards/{card}/state", "{\"state\":\"BLOCKED\"}", 405, "use POST"),
                bad("POST", "/audit", "{}", 405, "use GET"),
                bad("PATCH", "/products", "{}", 405, "use GET"),
                bad("GET", "/holds/expire", null, 405, "use POST"),
                bad("GET", "/nothing", null, 404, "no such resource"),
                bad("GET", "/", null, 404, "no such resource"),
                bad("POST", "/cards/{card}/load/again", "{\"amount\":100}", 404, "no such resource"),
                bad("GET", "/cards/{card}/frobnicate", null, 404, "no such resource"),
                bad("GET", "/audit?verbose=true", null, 400, "no query string"),
                bad("POST", "/cards/{card}/load?amount=100", "{\"amount\":100}", 400, "no query string"),
                Arguments.of("POST", "/cards/{card}/load", "{\"amount\":100}", "text/plain", 415, "application/json"),
                Arguments.of("POST", "/cards", "product=PREPAID-USD", "application/x-www-form-urlencoded", 415, "application/json"));
    }

    private static Arguments bad(String method, String path, String body, int status, String saying) {
        return Arguments.of(method, path, body, JSON_TYPE, status, saying);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @MethodSource("badRequests")
    void badRequestIsRefusedWithOneLineAndWritesNothing(String method, String path, String body, String type, int status,
                                                        String saying) throws Exception {
        String p = fill(path);
        String b = body == null ? null : fill(body);
        LedgerSnapshot before = ledger();
        AdminClient.Reply r = admin.call(method, p, b, b == null ? null : type);
        assertEquals(status, r.status(), method + " " + p + " " + b + " -> " + r.body());
        assertEquals(JSON_TYPE, r.headers().firstValue("content-type").orElse(""));
        String error = oneLineError(r.body());
        assertTrue(error.contains(fill(saying)), "'" + error + "' should say " + saying);
        if (status == 405) assertTrue(r.headers().firstValue("allow").isPresent(), "405 without Allow");
        assertEquals(before, ledger(), "something was written by " + method + " " + p);
    }

    static Stream<Arguments> notHttp() {
        return Stream.of(
                raw("binary garbage", "\u0000\u0001\u0002 hello\r\n\r\n", 400),
                raw("a TLS client hello", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003", 400),
                raw("a 100 KB request line of junk", "J".repeat(100 * 1024) + "\r\n\r\n", 414),
                raw("a 100 KB path", "GET /" + "a".repeat(100 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                raw("a 20 KB header", "GET /audit HTTP/1.1\r\nHost: x\r\nX-Junk: " + "j".repeat(20 * 1024) + "\r\n\r\n", 431),
                raw("a Content-Length that is no number", "GET /audit HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n", 400),
                raw("a path with a bad escape", "GET /cards/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400),
                raw("an HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400),
                raw("a chunked body of 96 KB", "POST /cards HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + ("8000\r\n" + " ".repeat(0x8000) + "\r\n").repeat(3) + "0\r\n\r\n", 413),
                raw("bad chunk sizes", "POST /cards HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n", 400));
    }

    private static Arguments raw(String name, String bytes, int status) {
        return Arguments.of(name, bytes, status);
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("notHttp")
    void bytesThatAreNotAnAcceptableRequestGetJsonAndAClosedConnection(String name, String bytes, int status) throws Exception {
        LedgerSnapshot before = ledger();
        RawHttp.Answer a = RawHttp.send(host.adminPort, bytes.getBytes(StandardCharsets.ISO_8859_1), 10_000);
        assertEquals(status, a.status(), name + ": " + a);
        assertEquals(JSON_TYPE, a.headers().get("content-type"));
        assertEquals("close", a.headers().get("connection"));
        oneLineError(JSON.readTree(a.body()));
        assertTrue(a.closed(), name + ": the server should close the connection after refusing");
        assertEquals(before, ledger(), "something was written by " + name);
    }

    @Test
    void aTwoMegabyteBodyIsRefusedFromItsHeaderBeforeItIsSent() throws Exception {
        LedgerSnapshot before = ledger();
        // Only the head and 1 KB of the announced 2 MB are sent: an answer proves the server did not wait to read it all.
        String head = "POST /cards/" + card + "/load HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (2 * 1024 * 1024) + "\r\n\r\n";
        RawHttp.Answer a = RawHttp.send(host.adminPort, (head + "{\"amount\":100,\"reference\":\"" + "x".repeat(1024))
                .getBytes(StandardCharsets.US_ASCII), 10_000);
        assertEquals(413, a.status(), a.toString());
        assertTrue(oneLineError(JSON.readTree(a.body())).contains("2097152 bytes"), a.body());
        assertTrue(a.closed());
        // And with Expect: 100-continue the client is told before it sends anything.
        RawHttp.Answer expect = RawHttp.send(host.adminPort, (head.replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"))
                .getBytes(StandardCharsets.US_ASCII), 10_000);
        assertEquals(413, expect.status(), expect.toString());
        assertEquals(before, ledger());
    }

    @Test
    void theConnectionStaysUsableAfterAnOrdinaryRefusal() throws Exception {
        String two = "GET /cards/abc HTTP/1.1\r\nHost: x\r\n\r\nGET /audit HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        RawHttp.Answer a = RawHttp.send(host.adminPort, two.getBytes(StandardCharsets.US_ASCII), 10_000);
        assertEquals(400, a.status());
        assertTrue(a.body().contains("\"ok\":true"), "the second request on the connection is answered: " + a.body());
    }

    /** The body is exactly {"error": one short printable line} with no trace of our insides. */
    private static String oneLineError(JsonNode body) {
        assertTrue(body.isObject() && body.size() == 1 && body.get("error").isTextual(), "body: " + body);
        String e = body.get("error").asText();
        assertFalse(e.isBlank());
        assertTrue(e.length() <= 310, "too long: " + e);
        assertTrue(e.chars().noneMatch(Character::isISOControl), "control characters in: " + e);
        for (String leak : List.of("Exception", "java.", "org.", "com.fasterxml", "io.netty", "\tat ", "SQL")) {
            assertFalse(e.contains(leak), "'" + e + "' shows " + leak);
        }
        return e;
    }

    private static String fill(String s) {
        String partial = "999900" + "999999999";
        String unknownPan = partial + CardNumbers.luhnDigit(partial);
        char check = pan.charAt(pan.length() - 1);
        String badLuhn = pan.substring(0, pan.length() - 1) + (char) ('0' + (check - '0' + 1) % 10);
        return s.replace("{card}", Long.toString(card)).replace("{pan}", pan).replace("{badluhn}", badLuhn)
                .replace("{unknownpan}", unknownPan);
    }
}
