package org.veil.issuer.host;

import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardState;
import org.veil.issuer.card.CardUse;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.packagers.ResponseCode;

/**
 * The limits of restricted spending, judged under the card row's lock: a card's use (single-use, merchant-locked) and a
 * one-time code's bounds. A used code or number, or another merchant, is 57; a code past its expiry 54 (the code stands
 * in for the card, and the shop should ask for a new one); more than the code's maximum 61.
 */
final class SpendRules {
    private SpendRules() {}

    /** The refusal of a spend at {@code merchant} on this card (read under its lock), or null. */
    static ResponseCode refusal(Card card, String merchant) {
        if (card.use() == CardUse.SINGLE && card.state() == CardState.CLOSED) return ResponseCode.NOT_PERMITTED;
        if (card.use() == CardUse.MERCHANT_LOCKED && card.lockedMerchant() != null && !card.lockedMerchant().equals(merchant)) {
            return ResponseCode.NOT_PERMITTED;
        }
        return null;
    }

    /** The refusal of paying {@code amount} at {@code merchant} with this code (read under its lock) at {@code now}, or null. */
    static ResponseCode refusal(OneTimeCodes.Code code, String merchant, Long amount, long now) {
        if (code.used()) return ResponseCode.NOT_PERMITTED;
        if (now >= code.expiresAt()) return ResponseCode.EXPIRED_CARD;
        if (code.merchant() != null && !code.merchant().equals(merchant)) return ResponseCode.NOT_PERMITTED;
        if (amount != null && amount > code.maxAmount()) return ResponseCode.EXCEEDS_AMOUNT_LIMIT;
        return null;
    }
}
