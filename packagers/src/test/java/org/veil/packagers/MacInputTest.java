package org.veil.packagers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.junit.jupiter.api.Test;

class MacInputTest {
    private static ISOMsg reversal() throws Exception {
        ISOMsg m = new ISOMsg("0400");
        m.set(2, "9999000000000012");
        m.set(3, "000000");
        m.set(4, "000000000000");
        m.set(11, "000123");
        m.set(41, "TERM0001");
        m.set(90, "020000012311231200000000000000000000000000");
        return m;
    }

    @Test
    void theMacCoversEveryFieldButSixtyFourWhateverItsValueAndNoOtherPartIsLeftOut() throws Exception {
        for (Dialect d : new Dialect[] {Dialect.TERMINAL, Dialect.VAN}) {
            ISOMsg plain = reversal();
            ISOMsg withMac = reversal();
            withMac.set(64, ISOUtil.hex2byte("0123456789ABCDEF"));
            byte[] input = d.macInput(withMac);
            assertArrayEquals(input, d.macInput(plain), d + ": field 64's value and presence do not change what is MACed");
            plain.setPackager(d.packager());
            assertArrayEquals(plain.pack(), input, d + ": the message as packed without 64");
            ISOMsg changed = reversal();
            changed.set(90, "020000012411231200000000000000000000000000");
            assertFalse(java.util.Arrays.equals(input, d.macInput(changed)), d + ": a field after 64 is covered too");
            assertEquals("0123456789ABCDEF", ISOUtil.hexString(withMac.getBytes(64)), "the message itself keeps its field 64");
        }
    }
}
