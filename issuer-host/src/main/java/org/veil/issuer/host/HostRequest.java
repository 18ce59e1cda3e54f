package org.veil.issuer.host;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.veil.issuer.card.PanVault;
import org.veil.packagers.CardNumbers;

/**
 * A host-link (CMF) request reduced to what the issuer decides on. Amount in minor units of currency.
 * stan is the numeric value of field 11 without leading zeros, so keys do not depend on padding. What proves the card
 * and its holder (PIN block, track 2, CVV2, chip track 2) is in {@code secrets}, which is no part of the digest: a
 * repeat gets its original's answer whatever it presents.
 */
public record HostRequest(String mti, String processingCode, Long amount, String currency, String pan,
                          String expiry, String trackExpiry, String transmission, String stan, String terminal,
                          String merchant, String rrn, String original, boolean partialCapable, PresentedSecrets secrets) {

    /** Terminal + STAN + transmission date/time + message class: the idempotency key of the conventions. */
    public String key() {
        return key(terminal, stan, transmission, mti.charAt(1));
    }

    /** The idempotency key of the original that field 56 names, or null without field 56. */
    public String originalKey() {
        if (original == null) return null;
        return key(terminal, Long.toString(Long.parseLong(original.substring(4, 16))), original.substring(16, 26), original.charAt(1));
    }

    /** The MTI of the original that field 56 names, or null without field 56. */
    public String originalMti() {
        return original == null ? null : original.substring(0, 4);
    }

    public static String key(String terminal, String stan, String transmission, char messageClass) {
        return terminal + '|' + stan + '|' + transmission + '|' + messageClass;
    }

    /**
     * What must match between a request and its repeat: amount, currency, processing code, and the card
     * number of a request that names a card. A completion or reversal names its original instead, and the
     * switch redelivers those from store-and-forward, which keeps no card number. The number enters as its
     * keyed lookup hash: a plain hash of it, stored, would give the number back to anyone trying every
     * number between the masked digits.
     */
    public String digest(PanVault pans) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String card = original != null && (mti.startsWith("222") || mti.startsWith("24")) ? ""
                    : pan == null ? "null" : HexFormat.of().formatHex(pans.lookupHash(pan));
            String s = card + '|' + amount + '|' + currency + '|' + processingCode;
            return Base64.getEncoder().encodeToString(md.digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String maskedPan() {
        return pan == null ? null : CardNumbers.mask(pan);
    }

    /** Masked card number, no secrets: what a log line may show of a request. */
    @Override
    public String toString() {
        return "HostRequest[" + mti + " pc " + processingCode + " terminal " + terminal + " stan " + stan + " card " + maskedPan()
                + " " + secrets + "]";
    }
}
