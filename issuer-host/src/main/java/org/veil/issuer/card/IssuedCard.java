package org.veil.issuer.card;

/**
 * A card just issued, with what its holder (or its card's personalisation) is told once and the issuer keeps nowhere
 * in clear: the number, the CVV2, the magnetic stripe's track 2 (with PVV and CVV) and the chip's iCVV.
 */
public record IssuedCard(Card card, String pan, String cvv2, String track2, String icvv) {

    /** Masked, without any verification value: an issued card may end up in a log line. */
    @Override
    public String toString() {
        return "IssuedCard[" + card + "]";
    }
}
