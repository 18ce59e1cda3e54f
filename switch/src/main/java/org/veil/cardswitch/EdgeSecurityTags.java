package org.veil.cardswitch;

import java.util.Map;
import org.veil.packagers.PrivateData;

/**
 * The field 48 tags of card security at the edge: they concern the terminal and the switch only, so neither the host
 * message nor the journal keeps them.
 */
final class EdgeSecurityTags {
    /** DUKPT key serial number, 20 hex characters. */
    static final String KSN = PrivateData.KEY_SERIAL_NUMBER;
    /** ISO 9564 format 4 PIN block (AES), 32 hex characters. */
    static final String PIN_BLOCK_FORMAT4 = "P4";
    /** New TPK under the TMK (32 hex) + its check value (6 hex), in an 0810 key change. */
    static final String NEW_TPK = "PK";
    /** New TAK under the TMK (32 hex) + its check value (6 hex), in an 0810 key change. */
    static final String NEW_TAK = "MK";

    private EdgeSecurityTags() {}

    /** Field 48 without the edge security tags; null when nothing else is left. */
    static String strip(PrivateData data) {
        PrivateData kept = PrivateData.empty();
        for (Map.Entry<String, String> e : data.asMap().entrySet()) {
            String tag = e.getKey();
            if (!tag.equals(KSN) && !tag.equals(PIN_BLOCK_FORMAT4) && !tag.equals(NEW_TPK) && !tag.equals(NEW_TAK)) {
                kept = kept.with(tag, e.getValue());
            }
        }
        return kept.isEmpty() ? null : kept.format();
    }
}
