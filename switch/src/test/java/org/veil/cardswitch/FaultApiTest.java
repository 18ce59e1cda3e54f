package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The control API over real HTTP: faults are added, listed and cleared; every bad request gets the right 4xx with
 * {"error": "one line"} and changes nothing (the list reads the same before and after).
 */
@ExtendWith(RunningSwitch.class)
@Timeout(60)
class FaultApiTest {
    private static final String JSON_TYPE = "application/json";

    @BeforeEach
    @AfterEach
    void clear() throws Exception {
        ControlClient.clearAll();
    }

    @Test
    void faultsAreAddedListedAndCleared() throws Exception {
        ControlClient.Reply added = ControlClient.call("POST", "/faults",
                "{\"terminal\":\"TERM0005\",\"kind\":\"delay\",\"delayMs\":2000,\"times\":3}");
        assertEquals(201, added.status(), added.body().toString());
        JsonNode f = added.body();
        long id = f.get("id").asLong();
        assertEquals("TERM0005", f.get("terminal").asText());
        assertEquals("delay", f.get("kind").asText());
        assertEquals(2000, f.get("delayMs").asLong());
        assertEquals(3, f.get("times").asInt());
        assertEquals(3, f.get("remaining").asInt());
        assertFalse(f.has("merchant"));

        ControlClient.Reply merchant = ControlClient.call("POST", "/faults", "{\"merchant\":\"MERCHANT0000001\",\"kind\":\"drop\"}");
        assertEquals(201, merchant.status());
        assertFalse(merchant.body().has("times"), "until cleared");
        assertFalse(merchant.body().has("delayMs"));
        assertTrue(merchant.body().get("id").asLong() > id, "ids grow");

        JsonNode list = ControlClient.list();
        assertEquals(2, list.size());
        assertEquals(f, list.get(0), "listed as added, oldest first");

        ControlClient.Reply removed = ControlClient.call("DELETE", "/faults/" + id, null);
        assertEquals(200, removed.status());
        assertEquals(f, removed.body());
        assertEquals(404, ControlClient.call("DELETE", "/faults/" + id, null).status(), "gone");
        assertEquals(1, ControlClient.list().size());
        ControlClient.Reply cleared = ControlClient.call("DELETE", "/faults", null);
        assertEquals(Map.of("cleared", 1), Map.of("cleared", cleared.body().get("cleared").asInt()));
        assertEquals(0, ControlClient.list().size());
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"explode\"}", 400, "unknown kind 'explode'"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"merchant\":\"MERCHANT0000001\",\"kind\":\"drop\"}", 400, "not both"),
                bad("POST", "/faults", "{\"kind\":\"drop\"}", 400, "'terminal' (field 41) or 'merchant' (field 42) is required"),
                bad("POST", "/faults", "{\"terminal\":null,\"merchant\":null,\"kind\":\"drop\"}", 400, "is required"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"delay\",\"delayMs\":0}", 400, "1 to 60000"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"delay\",\"delayMs\":60001}", 400, "1 to 60000"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"delay\",\"delayMs\":-5}", 400, "1 to 60000"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"delay\",\"delayMs\":1.5}", 400, "whole number"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"delay\",\"delayMs\":\"2000\"}", 400, "must be a number"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"delay\"}", 400, "'delayMs' is required"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"drop\",\"delayMs\":100}", 400, "kind delay only"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"drop\",\"times\":0}", 400, "'times' must be 1 to"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"drop\",\"times\":99999999999999999999}", 400, "too large"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"drop\",\"after\":3}", 400, "unknown field 'after'"),
                bad("POST", "/faults", "{\"terminal\":\"TERM00051\",\"kind\":\"drop\"}", 400, "1 to 8 printable"),
                bad("POST", "/faults", "{\"terminal\":\"TERM 005\",\"kind\":\"drop\"}", 400, "without spaces"),
                bad("POST", "/faults", "{\"merchant\":\"MERCHANT00000001\",\"kind\":\"drop\"}", 400, "1 to 15 printable"),
                bad("POST", "/faults", "{\"terminal\":5,\"kind\":\"drop\"}", 400, "must be a string"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"drop\"", 400, "not valid JSON"),
                bad("POST", "/faults", "{\"terminal\":\"TERM0005\",\"kind\":\"drop\",\"kind\":\"close\"}", 400, "twice"),
                bad("POST", "/faults", "[\"drop\"]", 400, "not an array"),
                bad("POST", "/faults", "", 400, "required"),
                bad("DELETE", "/faults/424242", null, 404, "no fault 424242"),
                bad("DELETE", "/faults/abc", null, 400, "whole number"),
                bad("DELETE", "/faults/-1", null, 400, "whole number"),
                bad("DELETE", "/faults", "{\"all\":true}", 400, "unknown field 'all'"),
                bad("PUT", "/faults", "{}", 405, "use GET, POST, DELETE"),
                bad("GET", "/faults/1", null, 405, "use DELETE"),
                bad("GET", "/", null, 404, "no such resource"),
                bad("GET", "/faults/1/again", null, 404, "no such resource"),
                bad("GET", "/faults?terminal=TERM0005", null, 400, "the control API takes no query string"),
                Arguments.of("POST", "/faults", "terminal=TERM0005&kind=drop", "application/x-www-form-urlencoded", 415, "application/json"));
    }

    private static Arguments bad(String method, String path, String body, int status, String saying) {
        return Arguments.of(method, path, body, JSON_TYPE, status, saying);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @MethodSource("badRequests")
    void badRequestIsRefusedWithOneLineAndChangesNothing(String method, String path, String body, String type, int status,
                                                         String saying) throws Exception {
        ControlClient.add(Map.of("terminal", "TERM0001", "kind", "delay", "delayMs", 5, "times", 7));
        JsonNode before = ControlClient.list();
        ControlClient.Reply r = ControlClient.call(method, path, body, body == null ? null : type);
        assertEquals(status, r.status(), method + " " + path + " " + body + " -> " + r.body());
        assertEquals(JSON_TYPE, r.raw().headers().firstValue("content-type").orElse(""));
        String error = oneLineError(r.body());
        assertTrue(error.contains(saying), "'" + error + "' should say " + saying);
        if (status == 405) assertTrue(r.raw().headers().firstValue("allow").isPresent(), "405 without Allow");
        assertEquals(before, ControlClient.list(), "something changed by " + method + " " + path);
    }

    /** The body is exactly {"error": one short printable line} with no trace of our insides. */
    private static String oneLineError(JsonNode body) {
        assertTrue(body.isObject() && body.size() == 1 && body.get("error").isTextual(), "body: " + body);
        String e = body.get("error").asText();
        assertFalse(e.isBlank());
        assertTrue(e.length() <= 310, "too long: " + e);
        assertTrue(e.chars().noneMatch(Character::isISOControl), "control characters in: " + e);
        for (String leak : List.of("Exception", "java.", "org.", "com.fasterxml", "io.netty", "\tat ")) {
            assertFalse(e.contains(leak), "'" + e + "' shows " + leak);
        }
        return e;
    }
}
