package org.veil.issuer.host;

import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardUse;
import org.veil.packagers.ResponseCode;

/** Card state and expiry rules, in the order the issuer applies them. */
final class CardRules {
    private CardRules() {}

    /** The refusal for this card and request, or null when the card may transact. */
    static ResponseCode refusal(Card card, HostRequest r) {
        ResponseCode state = stateRefusal(card);
        if (state != null) return state;
        if (r.expiry() != null && !r.expiry().equals(card.expiry())) return ResponseCode.EXPIRED_CARD;
        if (r.trackExpiry() != null && !r.trackExpiry().equals(card.expiry())) return ResponseCode.EXPIRED_CARD;
        if (card.expired()) return ResponseCode.EXPIRED_CARD;
        return null;
    }

    /** For a request that presents a one-time code instead of the card: the card's state and its own expiry only. */
    static ResponseCode refusal(Card card) {
        ResponseCode state = stateRefusal(card);
        if (state != null) return state;
        return card.expired() ? ResponseCode.EXPIRED_CARD : null;
    }

    private static ResponseCode stateRefusal(Card card) {
        return switch (card.state()) {
            case LOST -> ResponseCode.LOST_CARD;
            case STOLEN -> ResponseCode.STOLEN_CARD;
            case BLOCKED -> ResponseCode.RESTRICTED_CARD;
            // A physical card in the post: nobody may use it until its holder activates it.
            case INACTIVE -> ResponseCode.RESTRICTED_CARD;
            // A single-use number, closed, was used (57, as the contract says); any other closed card's number is no
            // longer a valid card number: 14 tells nothing more.
            case CLOSED -> card.use() == CardUse.SINGLE ? ResponseCode.NOT_PERMITTED : ResponseCode.INVALID_CARD_NUMBER;
            case ACTIVE -> null;
        };
    }
}
