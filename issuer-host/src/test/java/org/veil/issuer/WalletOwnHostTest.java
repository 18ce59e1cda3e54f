package org.veil.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.veil.packagers.ResponseCode;

/**
 * The wallet in an issuer host of its own (a child JVM with the shipped logging, its sessions living 0.05 minutes = 3 s):
 * a session ends at its lifetime, and the host's log files never carry a customer's id, contact or secrets.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalletOwnHostTest {
    @TempDir
    static Path dir;
    private static IssuerProcess issuer;
    private static WalletClient wallet;

    @BeforeAll
    static void start() throws Exception {
        issuer = new IssuerProcess(dir);
        issuer.properties.add("veil.wallet.session.minutes=0.05");
        issuer.start();
        wallet = new WalletClient(issuer.walletPort);
    }

    @AfterAll
    static void stop() throws Exception {
        if (issuer != null) issuer.close();
    }

    @Test
    @Order(1)
    void aSessionIsRefusedOnceItsLifetimeHasPassed() throws Exception {
        String token = wallet.newCustomer("brief");
        assertEquals(200, wallet.call("GET", "/cards", null, token).status());
        Thread.sleep(3_500);
        WalletClient.Reply r = wallet.call("GET", "/cards", null, token);
        assertEquals(401, r.status());
        assertTrue(r.body().get("error").asText().contains("expired"), r.body().toString());
    }

    @Test
    @Order(2) // it stops the host to read its complete logs
    void theLogsNeverCarryTheCustomer() throws Exception {
        String id = WalletClient.newId("logged-zq8");
        List<String> secrets = List.of(id, "Nick-Lq41", "hidden.x7@example.org", "+15550001234", "Oak-R2", "oak-r2", WalletClient.PASSWORD,
                "Wrong-Pass-987", "card named Zq");
        wallet.register(id, ",\"nickname\":\"Nick-Lq41\",\"email\":\"hidden.x7@example.org\",\"phone\":\"+15550001234\""
                + ",\"recoveryQuestion\":\"Tree?\",\"recoveryAnswer\":\"Oak-R2\"");
        wallet.call("POST", "/sessions", "{\"customerId\":\"" + id + "\",\"password\":\"Wrong-Pass-987\"}", null);
        wallet.call("POST", "/customers/" + id + "/password-reset", "{\"recoveryAnswer\":\"Elm\",\"password\":\"Wrong-Pass-987\"}", null);
        String token = wallet.login(id, WalletClient.PASSWORD);
        JsonNode card = wallet.ok("POST", "/cards", "{\"type\":\"virtual\",\"product\":\"PREPAID-USD\",\"name\":\"card named Zq\"}", token);
        String pan = card.get("pan").asText();
        new AdminClient(issuer.adminPort).ok("POST", "/cards/" + card.get("id").asLong() + "/load", "{\"amount\":1000}");
        try (HostLinkClient link = new HostLinkClient(issuer.hostPort)) {
            ISOMsg answer = link.send(HostLinkClient.request("2200", pan, "000000", 100, "840"));
            assertEquals("00", ResponseCode.fromHostCode(answer.getString(39)).code());
        }
        issuer.stop(); // the log files are complete once it has exited
        try (Stream<Path> files = Files.walk(issuer.logDir())) {
            List<Path> logs = files.filter(Files::isRegularFile).toList();
            Path issuerLog = issuer.logDir().resolve("issuer.log");
            assertTrue(Files.readString(issuerLog).contains("wallet API on http://127.0.0.1:" + issuer.walletPort), "the log scanned is the live one");
            for (Path f : logs) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                for (String s : secrets) assertFalse(text.contains(s), f + " carries '" + s + "'");
                assertFalse(text.contains(pan), f + " carries the full card number");
            }
        }
    }
}
