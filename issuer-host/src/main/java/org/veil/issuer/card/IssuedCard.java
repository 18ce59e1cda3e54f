package org.veil.issuer.card;

/** A card just issued, with the number and CVV2 its holder is told once; neither is stored in clear. */
public record IssuedCard(Card card, String pan, String cvv2) {

    /** Masked, without the CVV2: an issued card may end up in a log line. */
    @Override
    public String toString() {
        return "IssuedCard[" + card + "]";
    }
}
