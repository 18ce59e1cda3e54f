package org.veil.issuer.host;

import org.veil.packagers.ResponseCode;

/**
 * What the issuer answers: CMF action code (field 39), approval code (38), approved amount and its
 * currency (4) and the balances (54). Absent parts are null.
 */
public record Answer(String actionCode, String approvalCode, Long approvedAmount, String currency, String balances) {
    public static Answer of(ResponseCode rc) {
        return new Answer(rc.hostCode(), null, null, null, null);
    }
}
