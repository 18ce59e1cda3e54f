package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jpos.util.NameRegistrar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to the wallet API of a real issuer host over real HTTP: each request gets the right 4xx with
 * {"error": "one line"} and nothing is written (the wallet tables and the cards table read the same before and after).
 */
@Timeout(120)
class WalletApiBadInputTest {
    private static final String JSON_TYPE = "application/json";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static RunningIssuerHost host;
    private static WalletClient wallet;
    private static String token;
    private static String id;
    private static long card;

    @BeforeAll
    static void start() throws Exception {
        host = RunningIssuerHost.get();
        wallet = new WalletClient(host.walletPort);
        id = WalletClient.newId("badinput");
        wallet.register(id, ",\"recoveryQuestion\":\"q?\",\"recoveryAnswer\":\"a\"");
        token = wallet.login(id, WalletClient.PASSWORD);
        card = wallet.ok("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"n\"}", token).get("id").asLong();
    }

    // {id} the test customer, {card} its card, {new} a fresh customer id. Each: method, path, body, status, what the line says.
    static Stream<Arguments> badRequests() {
        String pw = "\"password\":\"Correct-Horse-9\"";
        return Stream.of(
                // register
                bad("POST", "/customers", "{\"customerId\":", 400, "not valid JSON"),
                bad("POST", "/customers", "[]", 400, "not an array"),
                bad("POST", "/customers", "", 400, "required"),
                bad("POST", "/customers", "{" + pw + "}", 400, "'customerId' is required"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\"}", 400, "'password' is required"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\"," + pw + ",\"name\":\"Bob\"}", 400, "unknown field 'name'"),
                bad("POST", "/customers", "{\"customerId\":\"ab\"," + pw + "}", 400, "3 to 64"),
                bad("POST", "/customers", "{\"customerId\":\"has space\"," + pw + "}", 400, "3 to 64"),
                bad("POST", "/customers", "{\"customerId\":\"" + "x".repeat(65) + "\"," + pw + "}", 400, "3 to 64"),
                bad("POST", "/customers", "{\"customerId\":5," + pw + "}", 400, "must be a string"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\",\"password\":\"short-1\"}", 400, "at least 10 characters"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\",\"password\":\"" + "Aa1-".repeat(40) + "\"}", 400, "at most 128"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\"," + pw + ",\"email\":\"not-an-address\"}", 400, "'email' must look like"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\"," + pw + ",\"email\":\"a@b\"}", 400, "'email' must look like"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\"," + pw + ",\"phone\":\"555-1234\"}", 400, "'phone' must be"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\"," + pw + ",\"phone\":\"+1 555 abc\"}", 400, "'phone' must be"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\"," + pw + ",\"nickname\":\"" + "n".repeat(65) + "\"}", 400, "'nickname' must be at most 64"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\"," + pw + ",\"recoveryQuestion\":\"q?\"}", 400, "go together"),
                bad("POST", "/customers", "{\"customerId\":\"{new}\"," + pw + ",\"recoveryAnswer\":\"a\"}", 400, "go together"),
                bad("POST", "/customers", "{\"customerId\":\"{id}\"," + pw + "}", 409, "taken"),
                bad("GET", "/customers", null, 405, "use POST"),
                // login and reset
                bad("POST", "/sessions", "{\"customerId\":\"{id}\"}", 400, "'password' is required"),
                bad("POST", "/sessions", "{\"customerId\":\"{id}\"," + pw + ",\"remember\":true}", 400, "unknown field 'remember'"),
                bad("GET", "/sessions", null, 405, "use POST"),
                bad("POST", "/customers/{id}/password-reset", "{\"recoveryAnswer\":\"a\"}", 400, "'password' is required"),
                bad("POST", "/customers/{id}/password-reset", "{\"recoveryAnswer\":\"a\",\"password\":\"weak\"}", 400, "at least 10 characters"),
                bad("PUT", "/customers/{id}/password-reset", "{}", 405, "use POST"),
                // cards
                bad("POST", "/cards", "{\"type\":\"plastic\",\"product\":\"PREPAID-USD\",\"name\":\"x\"}", 400, "'type' must be virtual or physical"),
                bad("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"GOLD\",\"name\":\"x\"}", 400, "unknown product 'GOLD'"),
                bad("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\"}", 400, "'name' is required"),
                bad("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"" + "n".repeat(65) + "\"}", 400, "'name' must be at most 64"),
                bad("POST", "/cards", "{\"type\":\"physical\",\"product\":\"PREPAID-USD\",\"name\":\"x\"}", 400, "'pin' is required for a physical card"),
                bad("POST", "/cards", "{\"type\":\"physical\",\"product\":\"PREPAID-USD\",\"name\":\"x\",\"pin\":\"12\"}", 400, "'pin'"),
                bad("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"x\",\"pin\":\"12ab\"}", 400, "'pin'"),
                bad("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"x\",\"owner\":\"me\"}", 400, "unknown field 'owner'"),
                bad("POST", "/cards", "{\"type\":\"virtual\"", 400, "not valid JSON"),
                bad("DELETE", "/cards", null, 405, "use GET, POST"),
                bad("GET", "/cards/abc", null, 400, "named by its id"),
                bad("GET", "/cards/0", null, 400, "named by its id"),
                bad("GET", "/cards/9999000000000001", null, 400, "named by its id"),
                bad("GET", "/cards/99999999", null, 404, "no card 99999999 in your wallet"),
                bad("POST", "/cards/{card}/block", "{\"now\":true}", 400, "unknown field 'now'"),
                bad("POST", "/cards/{card}/block", "[", 400, "not valid JSON"),
                bad("GET", "/cards/{card}/block", null, 405, "use POST"),
                bad("POST", "/cards/{card}/unblock", null, 409, "only a blocked card"),
                bad("POST", "/cards/{card}/activate", null, 409, "virtual"),
                bad("POST", "/cards/{card}/explode", null, 404, "no such resource"),
                bad("GET", "/accounts", null, 404, "no such resource"),
                Arguments.of("POST", "/cards", "type=virtual", "application/x-www-form-urlencoded", 415, "application/json"),
                Arguments.of("GET", "/cards?all=1", null, null, 400, "no query string"));
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
        String before = snapshot();
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.walletPort + p)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token);
        if (type != null && b != null) rb.header("Content-Type", type);
        rb.method(method, b == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(b));
        HttpResponse<String> r = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertEquals(status, r.statusCode(), method + " " + p + " " + b + " -> " + r.body());
        assertEquals(JSON_TYPE, r.headers().firstValue("content-type").orElse(""));
        assertTrue(json.isObject() && json.size() == 1 && json.get("error").isTextual(), r.body());
        String error = json.get("error").asText();
        assertFalse(error.contains("\n") || error.contains("Exception") || error.contains("org.veil"), error);
        assertTrue(error.contains(fill(saying)), "'" + error + "' should say " + saying);
        if (b != null && b.contains("Correct-Horse-9")) assertFalse(error.contains("Correct-Horse-9"), "the password is never echoed");
        assertEquals(before, snapshot(), "something was written by " + method + " " + p);
    }

    @Test
    void bytesThatAreNotHttpGetJsonAndAClosedConnection() throws Exception {
        RawHttp.Answer a = RawHttp.send(host.walletPort, "\u0000\u0001\u0002 hello\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 10_000);
        assertEquals(400, a.status());
        assertTrue(a.closed());
    }

    private static String fill(String s) {
        return s.replace("{id}", id).replace("{card}", Long.toString(card)).replace("{new}", WalletClient.newId("new"));
    }

    /** The wallet's rows and every card's state: what a bad request must leave as it was. */
    private static String snapshot() throws Exception {
        DataSource ds = NameRegistrar.getIfExists("veil.issuer.datasource");
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            for (String sql : List.of("SELECT COUNT(*) FROM customers", "SELECT COUNT(*) FROM wallet_sessions",
                    "SELECT COUNT(*) FROM wallet_cards", "SELECT COUNT(*) FROM cards",
                    "SELECT password_hash FROM customers WHERE customer_id = '" + id + "'",
                    "SELECT state FROM cards WHERE id = " + card, "SELECT fulfilment FROM wallet_cards WHERE card_id = " + card)) {
                try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
        }
        return String.join("|", out);
    }
}
