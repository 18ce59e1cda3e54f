package org.veil.issuer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The request signature a shop computes: the documented text, keyed with the secret's ASCII bytes, in the documented header. */
class ShopSignerTest {
    private static final String SECRET = "s3cr3t-for-tests-only-0123456789abcdefghijk";
    private static final String NONCE = "0123456789abcdef01234567";

    @Test
    void signatureIsHmacSha256OfTheDocumentedText() throws Exception {
        byte[] body = "{\"orderId\":\"A-1\",\"amount\":1250}".getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        String text = "1764000000\n0123456789abcdef01234567\nPOST\n/orders\n{\"orderId\":\"A-1\",\"amount\":1250}";
        String expected = HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, ShopSigner.signature(SECRET, 1764000000L, NONCE, "POST", "/orders", body));
        assertEquals("VEIL-HMAC-SHA256 keyId=gk_abc,ts=1764000000,nonce=" + NONCE + ",sig=" + expected,
                new ShopSigner("gk_abc", SECRET).authorization(1764000000L, NONCE, "POST", "/orders", body));
    }

    @Test
    void everySignedPartChangesTheSignature() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String base = ShopSigner.signature(SECRET, 100, NONCE, "POST", "/orders", body);
        assertNotEquals(base, ShopSigner.signature(SECRET, 101, NONCE, "POST", "/orders", body));
        assertNotEquals(base, ShopSigner.signature(SECRET, 100, "another-nonce-0001", "POST", "/orders", body));
        assertNotEquals(base, ShopSigner.signature(SECRET, 100, NONCE, "GET", "/orders", body));
        assertNotEquals(base, ShopSigner.signature(SECRET, 100, NONCE, "POST", "/orders/x", body));
        assertNotEquals(base, ShopSigner.signature(SECRET, 100, NONCE, "POST", "/orders", "{ }".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(base, ShopSigner.signature(SECRET + "x", 100, NONCE, "POST", "/orders", body));
        // no body signs as an empty one
        assertEquals(ShopSigner.signature(SECRET, 100, NONCE, "GET", "/orders/1", null), ShopSigner.signature(SECRET, 100, NONCE, "GET", "/orders/1", new byte[0]));
    }

    @Test
    void comparisonAndToStringKeepTheSecret() {
        assertTrue(ShopSigner.same("ab", "ab"));
        assertFalse(ShopSigner.same("ab", "ac"));
        assertFalse(ShopSigner.same(null, "ab"));
        assertTrue(ShopSigner.newNonce().matches("[0-9a-f]{24}"));
        assertFalse(ShopSigner.newNonce().equals(ShopSigner.newNonce()));
        assertFalse(new ShopSigner("gk_abc", SECRET).toString().contains(SECRET));
    }
}
