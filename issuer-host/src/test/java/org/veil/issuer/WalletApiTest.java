package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.sql.DataSource;
import org.jpos.iso.ISOMsg;
import org.jpos.util.NameRegistrar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.packagers.ResponseCode;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;
import org.veil.security.PinBlock;

/**
 * The cardholder API of a real issuer host over real HTTP, with payments over the real host link: customers (register,
 * login, logout, throttling, reset), wallet cards (virtual, physical with fulfilment and activation, list, show, block,
 * unblock, close, another customer's card) and anonymity (no customer data in ISO answers, the cards table or the logs).
 */
@Timeout(120)
class WalletApiTest {
    private static final String USD = "840";
    private static final KeyVault KEYS = KeyVault.load(Path.of("..", "cfg", "keys", "TEST-ONLY-keys.p12"),
            "test-only-not-a-secret".toCharArray());
    private static final SecretKey ZPK = KEYS.key(KeyRole.ZPK.alias);
    private static RunningIssuerHost host;
    private static WalletClient wallet;
    private static AdminClient admin;
    private static HostLinkClient link;

    @BeforeAll
    static void start() throws Exception {
        host = RunningIssuerHost.get();
        wallet = new WalletClient(host.walletPort);
        admin = new AdminClient(host.adminPort);
        link = new HostLinkClient(host.hostPort);
    }

    @AfterAll
    static void disconnect() throws Exception {
        link.close();
    }

    private static String login(String id, String password) throws Exception {
        return wallet.login(id, password);
    }

    private static WalletClient.Reply loginReply(String id, String password) throws Exception {
        return wallet.call("POST", "/sessions", "{\"customerId\":\"" + id + "\",\"password\":\"" + password + "\"}", null);
    }

    private static JsonNode apply(String token, String type, String name, String pin) throws Exception {
        WalletClient.Reply r = wallet.call("POST", "/cards", "{\"type\":\"" + type + "\",\"product\":\"PREPAID-USD\",\"name\":\"" + name + "\""
                + (pin == null ? "" : ",\"pin\":\"" + pin + "\"") + "}", token);
        assertEquals(201, r.status(), r.body().toString());
        return r.body();
    }

    private static String rc(ISOMsg request) throws Exception {
        return ResponseCode.fromHostCode(link.send(request).getString(39)).code();
    }

    // ---- customers ----

    @Test
    void registerLoginUseAndLogout() throws Exception {
        String id = WalletClient.newId("alice");
        WalletClient.Reply reg = wallet.call("POST", "/customers", "{\"customerId\":\"" + id + "\",\"password\":\"" + WalletClient.PASSWORD
                + "\",\"nickname\":\"Al\",\"email\":\"al@example.org\",\"phone\":\"+15551234567\"}", null);
        assertEquals(201, reg.status(), reg.body().toString());
        assertEquals(id, reg.body().get("customerId").asText());
        assertFalse(reg.body().toString().contains(WalletClient.PASSWORD), "the answer never repeats the password");
        WalletClient.Reply session = loginReply(id, WalletClient.PASSWORD);
        assertEquals(201, session.status());
        String token = session.body().get("token").asText();
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, base64url: " + token);
        assertTrue(session.body().has("expiresAt"));
        assertEquals(200, wallet.call("GET", "/cards", null, token).status());
        assertNotEquals(token, login(id, WalletClient.PASSWORD), "every login gets its own token");
        // Only the token's SHA-256 is kept.
        assertFalse(column("SELECT token_hash FROM wallet_sessions").contains(token));
        assertEquals(200, wallet.call("DELETE", "/sessions/current", null, token).status());
        WalletClient.Reply after = wallet.call("GET", "/cards", null, token);
        assertEquals(401, after.status());
        assertTrue(after.body().get("error").asText().contains("log in again"), after.body().toString());
        // Stored: an Argon2id hash, not the password.
        String hash = column("SELECT password_hash FROM customers WHERE customer_id = '" + id + "'").getFirst();
        assertTrue(hash.startsWith("$argon2id$v=19$"), hash);
    }

    @Test
    void everyCallButRegisterLoginAndResetNeedsABearerToken() throws Exception {
        for (String[] call : List.of(new String[] {"GET", "/cards"}, new String[] {"POST", "/cards"}, new String[] {"GET", "/cards/1"},
                new String[] {"POST", "/cards/1/block"}, new String[] {"DELETE", "/sessions/current"})) {
            for (String header : new String[] {null, "Basic YWxpY2U6c2VjcmV0", "Bearer", "Bearer not-a-token",
                    "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
                WalletClient.Reply r = wallet.callWithHeader(call[0], call[1], call[0].equals("POST") ? "{}" : null, header);
                assertEquals(401, r.status(), call[0] + " " + call[1] + " with " + header + ": " + r.body());
                assertEquals(1, r.body().size());
                assertFalse(r.body().get("error").asText().contains("\n"));
            }
        }
    }

    @Test
    void aDuplicateIdIs409AndWeakPasswordsAreRefusedSayingTheRule() throws Exception {
        String id = WalletClient.newId("dup");
        wallet.register(id, "");
        WalletClient.Reply dup = wallet.call("POST", "/customers", "{\"customerId\":\"" + id + "\",\"password\":\"Another-Pass-1\"}", null);
        assertEquals(409, dup.status());
        assertTrue(dup.body().get("error").asText().contains("taken"));
        String other = WalletClient.newId("weak");
        for (String weak : List.of("Short-1", "alllowercaseletters", "12345678901234", "ALLUPPERCASE", other, other.toUpperCase())) {
            WalletClient.Reply r = wallet.call("POST", "/customers", "{\"customerId\":\"" + other + "\",\"password\":\"" + weak + "\"}", null);
            assertEquals(400, r.status(), weak);
            String e = r.body().get("error").asText();
            assertTrue(e.contains("at least 10 characters") && e.contains("not all of one kind") && e.contains("customer id"), e);
            assertFalse(e.contains(weak), "the error never repeats the password");
        }
        assertEquals(401, loginReply(other, "Short-1").status(), "nothing was registered");
    }

    @Test
    void fiveFailuresThrottleTheIdFor15MinutesEvenForTheRightPassword() throws Exception {
        String id = WalletClient.newId("throttled");
        wallet.register(id, ",\"recoveryQuestion\":\"pet?\",\"recoveryAnswer\":\"Rex\"");
        for (int i = 1; i <= 5; i++) {
            WalletClient.Reply r = loginReply(id, "Wrong-Password-" + i);
            assertEquals(401, r.status(), "failure " + i);
            assertEquals("wrong customer id or password", r.body().get("error").asText());
        }
        WalletClient.Reply sixth = loginReply(id, "Wrong-Password-6");
        assertEquals(429, sixth.status(), sixth.body().toString());
        assertTrue(sixth.body().get("error").asText().contains("try again after"));
        assertEquals(429, loginReply(id, WalletClient.PASSWORD).status(), "the right password is refused while throttled");
        WalletClient.Reply reset = wallet.call("POST", "/customers/" + id + "/password-reset",
                "{\"recoveryAnswer\":\"rex\",\"password\":\"Brand-New-Pass-2\"}", null);
        assertEquals(429, reset.status(), "and so is the recovery answer");
        // An unknown id is throttled the same way: the answers tell nothing about which ids exist.
        String unknown = WalletClient.newId("nobody");
        for (int i = 1; i <= 5; i++) assertEquals(401, loginReply(unknown, "Wrong-Password-" + i).status());
        assertEquals(429, loginReply(unknown, "Wrong-Password-6").status());
        // Another id is not affected.
        String fine = WalletClient.newId("fine");
        wallet.register(fine, "");
        assertEquals(201, loginReply(fine, WalletClient.PASSWORD).status());
    }

    @Test
    void anUnknownIdCostsTheSameArgon2VerifyAsAWrongPassword() throws Exception {
        String id = WalletClient.newId("timing");
        wallet.register(id, "");
        // Warm up, then compare medians: without the dummy verify an unknown id would answer in well under a millisecond.
        loginReply(WalletClient.newId("warm"), "Wrong-Password-1");
        long unknown = medianMillis(() -> loginReply(WalletClient.newId("ghost"), "Wrong-Password-1"));
        long wrong = medianMillis(() -> {
            String again = WalletClient.newId("timing");
            wallet.register(again, "");
            long t0 = System.nanoTime();
            loginReply(again, "Wrong-Password-1");
            return (System.nanoTime() - t0) / 1_000_000;
        });
        assertTrue(unknown * 3 >= wrong, "unknown id " + unknown + " ms vs wrong password " + wrong + " ms");
    }

    private interface Timed {
        Object run() throws Exception;
    }

    private static long medianMillis(Timed t) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            Object o = t.run();
            times.add(o instanceof Long ms ? ms : (System.nanoTime() - t0) / 1_000_000);
        }
        times.sort(null);
        return times.get(1);
    }

    @Test
    void aPasswordIsResetThroughTheRecoveryAnswerAndOldSessionsEnd() throws Exception {
        String id = WalletClient.newId("forgetful");
        wallet.register(id, ",\"recoveryQuestion\":\"First pet?\",\"recoveryAnswer\":\"  Rex the Dog \"");
        String old = login(id, WalletClient.PASSWORD);
        assertEquals("First pet?", wallet.ok("GET", "/customers/" + id + "/password-reset", null, null).get("recoveryQuestion").asText());
        WalletClient.Reply wrong = wallet.call("POST", "/customers/" + id + "/password-reset",
                "{\"recoveryAnswer\":\"Fido\",\"password\":\"Brand-New-Pass-2\"}", null);
        assertEquals(403, wrong.status());
        WalletClient.Reply weak = wallet.call("POST", "/customers/" + id + "/password-reset",
                "{\"recoveryAnswer\":\"rex the dog\",\"password\":\"weak\"}", null);
        assertEquals(400, weak.status());
        WalletClient.Reply ok = wallet.call("POST", "/customers/" + id + "/password-reset",
                "{\"recoveryAnswer\":\"REX THE DOG\",\"password\":\"Brand-New-Pass-2\"}", null);
        assertEquals(200, ok.status(), "trimmed and lower-cased before comparing: " + ok.body());
        assertEquals(401, wallet.call("GET", "/cards", null, old).status(), "the old session ended");
        assertEquals(401, loginReply(id, WalletClient.PASSWORD).status());
        login(id, "Brand-New-Pass-2");
        String answerHash = column("SELECT recovery_answer_hash FROM customers WHERE customer_id = '" + id + "'").getFirst();
        assertTrue(answerHash.startsWith("$argon2id$"), "the answer is kept hashed");
        // No recovery question: the same 403 as a wrong answer.
        String plain = WalletClient.newId("plain");
        wallet.register(plain, "");
        assertEquals(403, wallet.call("POST", "/customers/" + plain + "/password-reset",
                "{\"recoveryAnswer\":\"x\",\"password\":\"Brand-New-Pass-2\"}", null).status());
    }

    // ---- cards ----

    @Test
    void aVirtualCardShowsItsNumberOnceAndIsListedMasked() throws Exception {
        String token = wallet.newCustomer("virtual");
        JsonNode card = apply(token, "virtual", "my groceries card", null);
        String pan = card.get("pan").asText();
        assertTrue(pan.startsWith("999900") && pan.length() == 16, pan);
        assertTrue(card.get("cvv2").asText().matches("[0-9]{3}"));
        assertTrue(card.get("expiry").asText().matches("[0-9]{4}"));
        assertEquals("ACTIVE", card.get("state").asText());
        assertEquals("virtual", card.get("type").asText());
        apply(token, "virtual", "travel", "4321");
        JsonNode list = wallet.ok("GET", "/cards", null, token);
        assertEquals(2, list.size());
        assertEquals("my groceries card", list.get(0).get("name").asText());
        assertEquals(0, list.get(0).get("available").asLong());
        assertFalse(list.toString().contains(pan), "the list shows numbers masked");
        assertEquals(pan.substring(0, 6) + "******" + pan.substring(12), list.get(0).get("maskedPan").asText());
        long id = card.get("id").asLong();
        admin.ok("POST", "/cards/" + id + "/load", "{\"amount\":2500}");
        ISOMsg buy = HostLinkClient.request("2200", pan, "000000", 700, USD);
        assertEquals("00", rc(buy));
        JsonNode shown = wallet.ok("GET", "/cards/" + id, null, token);
        assertEquals(1800, shown.get("available").asLong());
        assertEquals("my groceries card", shown.get("name").asText());
        assertEquals(2, shown.get("entries").size(), shown.toString());
        assertFalse(shown.toString().contains(pan));
        assertFalse(shown.has("cvv2"));
    }

    @Test
    void aPhysicalCardIsDeclined62UntilShippedAndActivatedThenApproved() throws Exception {
        String token = wallet.newCustomer("physical");
        WalletClient.Reply noPin = wallet.call("POST", "/cards", "{\"type\":\"physical\",\"product\":\"PREPAID-USD\",\"name\":\"plastic\"}", token);
        assertEquals(400, noPin.status());
        JsonNode card = apply(token, "physical", "plastic", "2468");
        long id = card.get("id").asLong();
        JsonNode plant = card.get("fulfilment");
        assertEquals("ordered", plant.get("state").asText());
        String pan = plant.get("pan").asText();
        String track2 = plant.get("track2").asText();
        assertTrue(track2.startsWith(pan + "=" + plant.get("expiry").asText() + "101"), track2);
        assertFalse(card.has("pan"), "the number is in the fulfilment block only");
        assertEquals("INACTIVE", card.get("state").asText());
        admin.ok("POST", "/cards/" + id + "/load", "{\"amount\":5000}");
        assertEquals("62", rc(swiped(track2, pan, "2468", 1000)), "ordered: restricted");
        assertEquals("62", rc(HostLinkClient.request("2200", pan, "000000", 1000, USD)), "keyed too");
        WalletClient.Reply early = wallet.call("POST", "/cards/" + id + "/activate", null, token);
        assertEquals(409, early.status(), "not shipped yet");
        assertTrue(early.body().get("error").asText().contains("not been shipped"));
        JsonNode shipped = admin.ok("POST", "/cards/" + id + "/fulfilment", "{\"state\":\"shipped\"}");
        assertEquals("SHIPPED", shipped.get("fulfilment").asText());
        assertEquals(409, admin.call("POST", "/cards/" + id + "/fulfilment", "{\"state\":\"shipped\"}").status(), "shipped once");
        assertEquals("62", rc(swiped(track2, pan, "2468", 1000)), "shipped: still restricted");
        JsonNode active = wallet.ok("POST", "/cards/" + id + "/activate", null, token);
        assertEquals("ACTIVE", active.get("state").asText());
        assertEquals("ACTIVATED", active.get("fulfilment").asText());
        assertEquals("00", rc(swiped(track2, pan, "2468", 1000)), "activated: approved");
        assertEquals("55", rc(swiped(track2, pan, "1111", 1000)), "with its PIN, not another");
        assertEquals(4000, wallet.ok("GET", "/cards/" + id, null, token).get("available").asLong());
        assertEquals(409, wallet.call("POST", "/cards/" + id + "/activate", null, token).status(), "activated once");
        // A virtual card cannot be shipped.
        JsonNode virtual = apply(token, "virtual", "v", null);
        assertEquals(404, admin.call("POST", "/cards/" + virtual.get("id").asLong() + "/fulfilment", "{\"state\":\"shipped\"}").status());
        assertEquals(400, admin.call("POST", "/cards/" + id + "/fulfilment", "{\"state\":\"activated\"}").status());
        // The card plant's data is kept nowhere in clear.
        assertFalse(dumpOf("wallet_cards").contains(pan.substring(6, 12)));
    }

    private static ISOMsg swiped(String track2, String pan, String pin, long amount) throws Exception {
        ISOMsg m = HostLinkClient.request("2200", null, "000000", amount, USD);
        m.set(35, track2);
        m.set(52, PinBlock.encryptFormat0(ZPK, pin, pan));
        return m;
    }

    @Test
    void blockUnblockAndCloseFollowTheirRules() throws Exception {
        String token = wallet.newCustomer("rules");
        JsonNode card = apply(token, "virtual", "rules", null);
        long id = card.get("id").asLong();
        String pan = card.get("pan").asText();
        admin.ok("POST", "/cards/" + id + "/load", "{\"amount\":1000}");
        assertEquals(409, wallet.call("POST", "/cards/" + id + "/unblock", null, token).status(), "not blocked");
        assertEquals("BLOCKED", wallet.ok("POST", "/cards/" + id + "/block", null, token).get("state").asText());
        assertEquals("62", rc(HostLinkClient.request("2200", pan, "000000", 100, USD)));
        assertEquals(409, wallet.call("POST", "/cards/" + id + "/block", null, token).status(), "already blocked");
        assertEquals("ACTIVE", wallet.ok("POST", "/cards/" + id + "/unblock", "{}", token).get("state").asText());
        WalletClient.Reply close = wallet.call("POST", "/cards/" + id + "/close", null, token);
        assertEquals(409, close.status());
        assertTrue(close.body().get("error").asText().contains("still holds money (ledger 1000"), close.body().toString());
        assertEquals("00", rc(HostLinkClient.request("2200", pan, "000000", 1000, USD)), "spend it all");
        assertEquals("CLOSED", wallet.ok("POST", "/cards/" + id + "/close", null, token).get("state").asText());
        assertEquals("14", rc(HostLinkClient.request("2200", pan, "000000", 1, USD)));
        assertEquals(409, wallet.call("POST", "/cards/" + id + "/close", null, token).status());
        assertEquals(409, wallet.call("POST", "/cards/" + id + "/unblock", null, token).status());
        // An admin-set LOST card is not the customer's to unblock.
        JsonNode lost = apply(token, "virtual", "lost", null);
        admin.ok("POST", "/cards/" + lost.get("id").asLong() + "/state", "{\"state\":\"LOST\"}");
        assertEquals(409, wallet.call("POST", "/cards/" + lost.get("id").asLong() + "/unblock", null, token).status());
    }

    @Test
    void anotherCustomersCardIs404LikeOneThatDoesNotExist() throws Exception {
        String mine = wallet.newCustomer("owner");
        String theirs = wallet.newCustomer("snoop");
        long id = apply(mine, "virtual", "private", null).get("id").asLong();
        long adminCard = admin.issue("PREPAID-USD", 0).get("id").asLong();
        for (long other : new long[] {id, adminCard, 99_999_999L}) {
            WalletClient.Reply show = wallet.call("GET", "/cards/" + other, null, theirs);
            assertEquals(404, show.status());
            assertEquals("no card " + other + " in your wallet", show.body().get("error").asText());
            for (String action : List.of("block", "unblock", "close", "activate")) {
                assertEquals(404, wallet.call("POST", "/cards/" + other + "/" + action, null, theirs).status(), action);
            }
        }
        assertEquals(0, wallet.ok("GET", "/cards", null, theirs).size());
        assertEquals("ACTIVE", wallet.ok("GET", "/cards/" + id, null, mine).get("state").asText(), "nothing changed");
    }

    // ---- anonymity ----

    @Test
    void noIsoAnswerTheCardsTableOrLogCarriesTheCustomer() throws Exception {
        String id = WalletClient.newId("anon-zq7");
        String nickname = "Nick-Xq93";
        String email = "secret.person.x1@example.org";
        String phone = "+15559876543";
        wallet.register(id, ",\"nickname\":\"" + nickname + "\",\"email\":\"" + email + "\",\"phone\":\"" + phone + "\""
                + ",\"recoveryQuestion\":\"Street?\",\"recoveryAnswer\":\"Elm-Q5\"");
        String token = login(id, WalletClient.PASSWORD);
        wallet.call("POST", "/sessions", "{\"customerId\":\"" + id + "\",\"password\":\"Wrong-Pass-123\"}", null); // a failure too
        JsonNode card = apply(token, "virtual", "anon card", "1357");
        String pan = card.get("pan").asText();
        admin.ok("POST", "/cards/" + card.get("id").asLong() + "/load", "{\"amount\":3000}");
        List<ISOMsg> answers = new ArrayList<>();
        answers.add(link.send(HostLinkClient.request("2200", pan, "000000", 500, USD)));
        answers.add(link.send(HostLinkClient.request("2100", pan, "000000", 200, USD)));
        answers.add(link.send(HostLinkClient.request("2200", pan, "310000", 0, USD)));
        ISOMsg wrongPin = HostLinkClient.request("2200", pan, "000000", 100, USD);
        wrongPin.set(52, PinBlock.encryptFormat0(ZPK, "9999", pan));
        answers.add(link.send(wrongPin));
        List<String> secrets = List.of(id, nickname, email, phone, "Elm-Q5", "elm-q5", WalletClient.PASSWORD, "anon card");
        for (ISOMsg a : answers) {
            StringBuilder all = new StringBuilder();
            for (int f = 0; f <= a.getMaxField(); f++) {
                if (a.hasField(f)) all.append(f).append('=').append(a.getString(f)).append(' ');
            }
            for (String s : secrets) assertFalse(all.toString().contains(s), "ISO answer carries '" + s + "': " + all);
        }
        assertEquals("00", ResponseCode.fromHostCode(answers.get(0).getString(39)).code());
        // The cards table (what the authorization path reads) has no customer column.
        for (String column : columnsOf("CARDS")) {
            assertFalse(column.contains("CUSTOMER") || column.contains("NAME") || column.contains("EMAIL"), column);
        }
        // Logs: everything under the host's log dir (the Q2 log with the host link's messages, the issuer log).
        Path logs = host.root.resolve("log");
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String s : secrets) assertFalse(text.contains(s), f + " carries '" + s + "'");
            }
        }
    }

    // ---- helpers reading the real database ----

    private static DataSource dataSource() {
        return NameRegistrar.getIfExists("veil.issuer.datasource");
    }

    private static List<String> column(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static List<String> columnsOf(String table) throws Exception {
        return column("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = '" + table + "'");
    }

    private static String dumpOf(String table) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) b.append(rs.getString(i)).append('|');
            }
        }
        return b.toString();
    }
}
