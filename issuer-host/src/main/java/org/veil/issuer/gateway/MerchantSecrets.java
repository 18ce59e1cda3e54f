package org.veil.issuer.gateway;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.veil.security.AesGcmSeal;

/**
 * Shops' API secrets: drawn here (32 random bytes, base64url), told once, and kept only sealed with AES-256-GCM under
 * the keystore's pan-key, with "veil-gateway-secret:" and the key id as associated data (a sealed secret moved to
 * another merchant's row does not open). The one-time code of an order waiting for its cardholder is sealed the same
 * way, with "veil-gateway-code:" and the order's row id.
 */
final class MerchantSecrets {
    private final AesGcmSeal sealer;
    private final SecureRandom random = new SecureRandom();

    /** {@code panKeySealer}: the PAN vault's AES-GCM under pan-key. */
    MerchantSecrets(AesGcmSeal panKeySealer) {
        this.sealer = panKeySealer;
    }

    String newSecret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    String newKeyId() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return "gk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    byte[] seal(String keyId, String secret) {
        return seal(aad(keyId), secret);
    }

    String open(String keyId, byte[] sealed) {
        return open(aad(keyId), sealed, "the sealed secret of key " + keyId);
    }

    /** An order's one-time code, kept while the order waits for the cardholder. */
    byte[] sealCode(long orderRow, String code) {
        return seal(codeAad(orderRow), code);
    }

    String openCode(long orderRow, byte[] sealed) {
        return open(codeAad(orderRow), sealed, "the held code of order row " + orderRow);
    }

    private byte[] seal(byte[] aad, String secret) {
        byte[] clear = secret.getBytes(StandardCharsets.US_ASCII);
        try {
            return sealer.seal(clear, aad);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private String open(byte[] aad, byte[] sealed, String what) {
        byte[] clear = sealer.open(sealed, aad, what);
        try {
            return new String(clear, StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private static byte[] aad(String keyId) {
        return ("veil-gateway-secret:" + keyId).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] codeAad(long orderRow) {
        return ("veil-gateway-code:" + orderRow).getBytes(StandardCharsets.US_ASCII);
    }
}
