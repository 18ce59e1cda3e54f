package org.veil.cardswitch;

import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.veil.packagers.Dialect;

/** An edge answer as the journal keeps it (packed, hex, no PAN) and back, for a repeat. */
final class JournaledAnswer {
    private JournaledAnswer() {}

    static String image(ISOMsg answer) throws ISOException {
        ISOMsg m = (ISOMsg) answer.clone();
        m.unset(2);
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
