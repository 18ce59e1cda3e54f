package org.veil.cardswitch;

import org.jpos.iso.ISOMsg;

/**
 * An edge request as its channel read it: the fields that unpacked and, when unpacking stopped
 * part-way, where. The mark lives on the Java object only, never in a field, so it cannot
 * reach the wire or the journal's answer image.
 */
final class EdgeRequest extends ISOMsg {
    private transient String malformed;

    void markMalformed(String where) {
        malformed = where;
    }

    /** Where the frame stopped unpacking, or null when it unpacked whole (or is no edge request). */
    static String malformation(ISOMsg m) {
        return m instanceof EdgeRequest r ? r.malformed : null;
    }
}
