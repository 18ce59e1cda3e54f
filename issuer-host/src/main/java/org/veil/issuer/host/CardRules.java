package org.veil.issuer.host;

import org.veil.issuer.card.Card;
import org.veil.packagers.ResponseCode;

/** Card state and expiry rules, in the order the issuer applies them. */
final class CardRules {
    private CardRules() {}

    /** The refusal for this card and request, or null when the card may transact. */
    static ResponseCode refusal(Card card, HostRequest r) {
        switch (card.state()) {
            case LOST: return ResponseCode.LOST_CARD;
            case STOLEN: return ResponseCode.STOLEN_CARD;
            case BLOCKED: return ResponseCode.RESTRICTED_CARD;
            // A physical card in the post: nobody may use it until its holder activates it.
            case INACTIVE: return ResponseCode.RESTRICTED_CARD;
            // A closed card's number is no longer a valid card number: 14 tells nothing more.
            case CLOSED: return ResponseCode.INVALID_CARD_NUMBER;
            default: break;
        }
        if (r.expiry() != null && !r.expiry().equals(card.expiry())) return ResponseCode.EXPIRED_CARD;
        if (r.trackExpiry() != null && !r.trackExpiry().equals(card.expiry())) return ResponseCode.EXPIRED_CARD;
        if (card.expired()) return ResponseCode.EXPIRED_CARD;
        return null;
    }
}
