package org.veil.issuer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.issuer.AdminClient;
import org.veil.issuer.RunningIssuerHost;
import org.veil.issuer.admin.AdminCli;

/** scripts/veil gateway register and scripts/shop against a real issuer host: register, pay with a one-time code, status, receipts. */
@Timeout(60)
class ShopCliTest {
    private record Run(int code, String out, String err) {}

    private static Run shop(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ShopCli.run(new ShopCli(), args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** The value printed on the line that starts with {@code label}. */
    private static String line(String out, String label) {
        return out.lines().filter(l -> l.startsWith(label + " ")).findFirst().orElseThrow().substring(label.length()).strip();
    }

    @Test
    void registerPayAndCheck() throws Exception {
        RunningIssuerHost host = RunningIssuerHost.get();
        String id = "CLI" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminCli.run(new String[] {"--admin-url", "http://127.0.0.1:" + host.adminPort, "gateway", "register", id, "--name", "CLI Shop",
                "--mode", "inquiry"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, out + "/" + err);
        String keyId = line(out.toString(), "key id");
        String secret = line(out.toString(), "secret");
        assertTrue(keyId.startsWith("gk_"), out.toString());

        AdminClient admin = new AdminClient(host.adminPort);
        long card = admin.issue("PREPAID-USD", 5000).get("id").asLong();
        String otc = admin.ok("POST", "/cards/" + card + "/one-time-codes", "{\"maxAmount\":1000,\"expiresInSeconds\":600}").get("code").asText();
        String url = "http://127.0.0.1:" + host.gatewayPort;
        Run paid = shop("--gateway-url", url, "--key-id", keyId, "--secret", secret, "order", "cli-1", "800", "--one-time-code", otc);
        assertEquals(0, paid.code(), paid.out() + "/" + paid.err());
        assertTrue(paid.out().contains("APPROVED"), paid.out());
        Run reused = shop("--gateway-url", url, "--key-id", keyId, "--secret", secret, "order", "cli-2", "100", "--one-time-code", otc);
        assertEquals(1, reused.code(), "a declined order exits 1: " + reused.out());
        assertTrue(reused.out().contains("DECLINED (ISSUER_DECLINED, 57)"), reused.out());
        Run status = shop("--gateway-url", url, "--key-id", keyId, "--secret", secret, "--json", "status", "cli-1");
        assertEquals(0, status.code(), status.err());
        String receipt = status.out();
        assertEquals(0, shop("--secret", secret, "verify-receipt", receipt).code());
        assertEquals(1, shop("--secret", secret, "verify-receipt", receipt.replace("\"amount\" : 800", "\"amount\" : 8")).code());
        Run wrongKey = shop("--gateway-url", url, "--key-id", keyId, "--secret", secret + "x", "status", "cli-1");
        assertEquals(1, wrongKey.code());
        assertTrue(wrongKey.err().startsWith("shop: bad signature"), wrongKey.err());
        assertEquals(2, shop("status", "cli-1").code(), "no key: a usage error, nothing sent");
        Run sign = shop("--key-id", keyId, "--secret", secret, "sign", "POST", "/orders", "{}");
        assertTrue(sign.out().startsWith("Authorization: VEIL-HMAC-SHA256 keyId=" + keyId + ",ts="), sign.out());
        assertFalse(sign.out().contains(secret));
        // a secret is base64url, so one in 64 begins with '-': taken as the value, not as -V and more
        Run dashed = shop("--key-id", keyId, "--secret", "-VO_8zXfLYK19AGHdsroD0M8BI_HsOJOFm2JJrOisfc", "sign", "POST", "/orders", "{}");
        assertEquals(0, dashed.code(), dashed.err());
    }
}
