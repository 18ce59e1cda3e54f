package org.veil.issuer.host;

import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardKeys;
import org.veil.issuer.card.Track2;
import org.veil.packagers.ResponseCode;
import org.veil.security.CardVerificationValue;

/**
 * Checks the card verification values a request presents (Visa method, key cvk), each only when present: the CVV in
 * track 2 (field 35) for the track's own service code, the CVV2 (field 48 tag CV) and the chip's iCVV (field 55 tag 57,
 * service code 999). A wrong one, or a track of another card or without a CVV, is 05. None present (keyed,
 * card-not-present without a CVV2) is not a refusal: the issuer cannot ask for what the acquirer did not capture.
 */
final class CardVerification {
    private static final String CVV2_SERVICE_CODE = "000";
    private static final String ICVV_SERVICE_CODE = "999";
    private final CardKeys keys;

    CardVerification(CardKeys keys) {
        this.keys = keys;
    }

    /** 05 when a presented value does not verify, else null. */
    ResponseCode refusal(HostRequest r, Card card) {
        PresentedSecrets s = r.secrets();
        if (s.track2() != null && !trackVerifies(r.pan(), s.track2(), null)) return ResponseCode.DO_NOT_HONOR;
        if (s.cvv2() != null && !verifies(r.pan(), card.expiry(), CVV2_SERVICE_CODE, s.cvv2())) return ResponseCode.DO_NOT_HONOR;
        if (s.chipTrack2() != null && !trackVerifies(r.pan(), s.chipTrack2(), ICVV_SERVICE_CODE)) return ResponseCode.DO_NOT_HONOR;
        return null;
    }

    /** The track's CVV for its PAN, expiry and service code ({@code serviceCode} instead when not null, as for the iCVV). */
    private boolean trackVerifies(String pan, String text, String serviceCode) {
        Track2 t = Track2.parse(text);
        if (t == null || t.cvv() == null || !t.pan().equals(pan)) return false;
        return verifies(t.pan(), t.expiry(), serviceCode != null ? serviceCode : t.serviceCode(), t.cvv());
    }

    private boolean verifies(String pan, String expiry, String serviceCode, String presented) {
        try {
            return CardVerificationValue.verify(keys.cvk(), pan, expiry, serviceCode, presented);
        } catch (IllegalArgumentException unreadable) {
            return false; // an expiry or service code that is no such thing verifies nothing
        }
    }
}
