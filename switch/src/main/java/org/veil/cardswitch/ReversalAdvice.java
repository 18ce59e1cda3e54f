package org.veil.cardswitch;

import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.veil.packagers.Dialect;
import org.veil.packagers.HostMessages;

/**
 * The 2420 the switch owes an issuer for a request it stopped waiting for: full reversal
 * (field 4 = 0 remaining), field 56 naming the original (MTI + STAN + field 7 + acquirer).
 * It keeps the original's STAN, field 7, terminal and RRN, so the issuer can find it.
 */
final class ReversalAdvice {
    private static final int[] KEPT = {3, 7, 11, 12, 26, 32, 37, 41, 42};

    private ReversalAdvice() {}

    static ISOMsg of(ISOMsg original, String acquirerId) throws ISOException {
        ISOMsg r = new ISOMsg("2420");
        r.setPackager(Dialect.HOST.packager());
        for (int f : KEPT) {
            if (original.hasField(f)) r.set(f, original.getString(f));
        }
        if (original.hasField(4)) r.set(HostMessages.amount(0, HostMessages.currency(original)));
        r.set(56, original.getMTI() + original.getString(11) + original.getString(7) + ISOUtil.zeropad(acquirerId, 11));
        return r;
    }
}
