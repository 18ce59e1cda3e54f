package org.veil.issuer.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a partner shop signs a gateway request (and how the gateway signs a push to the shop): HMAC-SHA256, keyed with the
 * ASCII bytes of the shop's secret, over {@code timestamp \n nonce \n METHOD \n path \n body} (timestamp in Unix
 * seconds; nonce 16 to 64 of A-Z a-z 0-9 _ -, fresh for every request, so a request sent twice on purpose is not a
 * replay; the body as sent, empty for none), lowercase hex, sent as one header:
 * {@code Authorization: VEIL-HMAC-SHA256 keyId=<key id>,ts=<timestamp>,nonce=<nonce>,sig=<hex>}. Client side: no server parts.
 */
public final class ShopSigner {
    public static final String SCHEME = "VEIL-HMAC-SHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String keyId;
    private final String secret;

    public ShopSigner(String keyId, String secret) {
        if (keyId == null || keyId.isBlank() || secret == null || secret.isBlank()) throw new IllegalArgumentException("a key id and a secret are required");
        this.keyId = keyId;
        this.secret = secret;
    }

    /** The Authorization header value for this request at {@code epochSeconds} with this nonce. */
    public String authorization(long epochSeconds, String nonce, String method, String path, byte[] body) {
        return SCHEME + " keyId=" + keyId + ",ts=" + epochSeconds + ",nonce=" + nonce + ",sig=" + signature(secret, epochSeconds, nonce, method, path, body);
    }

    /** As {@link #authorization(long, String, String, String, byte[])} now, with a fresh random nonce. */
    public String authorization(String method, String path, byte[] body) {
        return authorization(System.currentTimeMillis() / 1000, newNonce(), method, path, body);
    }

    /** 24 lowercase hex digits from a secure random source. */
    public static String newNonce() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The lowercase hex HMAC-SHA256 of the signed text under the secret. */
    public static String signature(String secret, long epochSeconds, String nonce, String method, String path, byte[] body) {
        byte[] head = (epochSeconds + "\n" + nonce + "\n" + method + "\n" + path + "\n").getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(hmac(secret, head, body == null ? new byte[0] : body));
    }

    /** Compares two hex signatures in constant time. */
    public static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] hmac(String secret, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            for (byte[] p : parts) mac.update(p);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    /** The key id only: a signer may end up in a log line. */
    @Override
    public String toString() {
        return "ShopSigner[" + keyId + "]";
    }
}
