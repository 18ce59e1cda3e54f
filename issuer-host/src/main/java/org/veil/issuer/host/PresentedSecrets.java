package org.veil.issuer.host;

import org.veil.issuer.card.OneTimeCodes;

/**
 * What a request presents to prove the card and its holder, each null when absent: the PIN block (field 52, ISO 9564
 * format 0 under the zone PIN key), track 2 (field 35), the CVV2 (field 48 tag CV) and the chip's track 2 equivalent
 * (field 55 tag 57, as text with its D separator), and the one-time code that stands in for the card (field 48 tag OT).
 * Held only while the request is decided: never logged or stored (a code is kept only as its keyed hash).
 */
public record PresentedSecrets(byte[] pinBlock, String track2, String cvv2, String chipTrack2, String oneTimeCode) {
    public PresentedSecrets(byte[] pinBlock, String track2, String cvv2, String chipTrack2) {
        this(pinBlock, track2, cvv2, chipTrack2, null);
    }

    /** Which secrets are present, never their values. */
    @Override
    public String toString() {
        return "PresentedSecrets[" + (pinBlock != null ? " PIN" : "") + (track2 != null ? " track2" : "")
                + (cvv2 != null ? " CVV2" : "") + (chipTrack2 != null ? " chip" : "") + (oneTimeCode != null ? " OTC " + OneTimeCodes.mask(oneTimeCode) : "") + " ]";
    }
}
