package org.veil.issuer.host;

import java.sql.Connection;
import java.sql.SQLException;
import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardKeys;
import org.veil.issuer.card.CardRepository;
import org.veil.issuer.card.CardRepository.PinState;
import org.veil.issuer.card.PanVault;
import org.veil.packagers.ResponseCode;
import org.veil.security.PinVerification;

/**
 * Verifies the PIN block of a request (field 52, format 0 under the zone PIN key) against the card's PVV, and counts
 * wrong PINs in a row under the card row's lock, in the request's own transaction: the count commits with the declined
 * request's log row, and a repeat, answered from that row, does not count again. Wrong: 55; the third wrong in a row and
 * every PIN after it until a new PIN is set: 75. A right PIN clears the count (only while not locked). A PIN for a
 * card that has none: 55, counted nowhere (there is no PIN to guess). A request without a PIN is not checked here,
 * even on a locked card: the lock guards the PIN against guessing, and such a request guesses nothing.
 */
final class PinCheck {
    private final CardRepository cards;
    private final PanVault pans;
    private final CardKeys keys;

    PinCheck(CardRepository cards, PanVault pans, CardKeys keys) {
        this.cards = cards;
        this.pans = pans;
        this.keys = keys;
    }

    /** 55 or 75 when the request's PIN is refused, else null (right PIN, or no PIN presented). */
    ResponseCode refusal(Connection c, HostRequest r, Card card) throws SQLException {
        byte[] block = r.secrets().pinBlock();
        if (block == null) return null;
        PinState pin = cards.pinState(c, card.id(), true);
        if (!pin.set()) return ResponseCode.INCORRECT_PIN;
        if (pin.locked()) return ResponseCode.PIN_TRIES_EXCEEDED;
        String stored = pans.openPvv(r.pan(), pin.sealedPvv());
        if (PinVerification.verifyPvv(keys.zpk(), block, r.pan(), keys.pvk(), stored.charAt(0) - '0', stored.substring(1))) {
            if (pin.tries() > 0) cards.setPinTries(c, card.id(), 0);
            return null;
        }
        int tries = pin.tries() + 1;
        cards.setPinTries(c, card.id(), tries);
        return tries >= CardRepository.MAX_PIN_TRIES ? ResponseCode.PIN_TRIES_EXCEEDED : ResponseCode.INCORRECT_PIN;
    }
}
