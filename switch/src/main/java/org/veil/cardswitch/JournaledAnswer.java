package org.veil.cardswitch;

import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.veil.packagers.Dialect;
import org.veil.packagers.PrivateData;

/**
 * An edge answer as the journal keeps it (packed, hex, no PAN, no MAC: a repeat's answer is MACed afresh) and back,
 * for a repeat. Key change answers (field 48 PK and MK) are never kept: an 0800 owns no idempotency key.
 */
final class JournaledAnswer {
    private JournaledAnswer() {}

    static String image(ISOMsg answer) throws ISOException {
        ISOMsg m = (ISOMsg) answer.clone();
        m.unset(2, 64);
        if (m.hasField(48)) {
            String kept;
            try {
                kept = EdgeSecurityTags.strip(PrivateData.parse(m.getString(48)));
            } catch (IllegalArgumentException e) {
                kept = null; // not ours to keep then
            }
            if (kept == null) m.unset(48);
            else m.set(48, kept);
        }
        m.setHeader((byte[]) null);
        return ISOUtil.hexString(m.pack());
    }

    /** The journaled answer, readdressed to the repeat: its TPDU and its own field 2. */
    static ISOMsg restore(String image, Dialect dialect, ISOMsg repeat) throws ISOException {
        ISOMsg m = new ISOMsg();
        m.setPackager(dialect.packager());
        m.unpack(ISOUtil.hex2byte(image));
        if (repeat.hasField(2)) m.set(2, repeat.getString(2));
        EdgeAnswers.address(repeat, m);
        return m;
    }
}
