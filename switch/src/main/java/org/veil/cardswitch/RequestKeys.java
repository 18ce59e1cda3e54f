package org.veil.cardswitch;

import org.jpos.iso.ISOMsg;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.Mti;

/** How the switch names a request: its card number, idempotency key and content fingerprint. */
final class RequestKeys {
    private RequestKeys() {}

    /** PAN of field 2, else of the track 2 in field 35; null when neither has one that fits a PAN's 19 digits. */
    static String pan(ISOMsg m) {
        if (m.hasField(2)) return m.getString(2);
        String pan = m.hasField(35) ? CardNumbers.panOfTrack2(m.getString(35)) : null;
        return pan == null || pan.length() > 19 ? null : pan; // an ill-formed track 2 is answered 30, still journaled
    }

    /**
     * Terminal + STAN + transmission date/time + message class (CONTRACT idempotency): 0420 and
     * 0421 share a key, and so do 0100 and 0101.
     */
    static String idempotencyKey(ISOMsg m) {
        return trim(m.getString(41)) + '|' + m.getString(11) + '|' + m.getString(7) + '|' + Mti.messageClass(m.getString(0));
    }

    /** What must be equal for a same-key request to be a true repeat; masked, so it may be stored. */
    static String fingerprint(ISOMsg m) {
        return Mti.original(m.getString(0)) + '|' + CardNumbers.mask(pan(m)) + '|' + m.getString(3) + '|' + m.getString(4)
                + '|' + m.getString(49) + '|' + trim(m.getString(42)) + '|' + (m.hasField(90) ? m.getString(90) : "");
    }

    static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
