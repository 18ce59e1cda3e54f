package org.veil.packagers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jpos.iso.IFB_LLLBINARY;
import org.jpos.iso.IFB_LLLCHAR;
import org.jpos.iso.ISOBasePackager;
import org.jpos.iso.ISOFieldPackager;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;
import org.jpos.iso.packager.ISO87APackager;
import org.jpos.iso.packager.ISO87BPackager;
import org.junit.jupiter.api.Test;

/** CONTRACT.md promises "jPOS ISO87BPackager / ISO87APackager, byte for byte": hold our XML to it. */
class PackagerEquivalenceTest {

    @Test
    void terminalDefinitionMatchesIso87BFieldByField() {
        assertSameFields(new ISO87BPackager(), Dialect.TERMINAL.packager());
    }

    @Test
    void vanDefinitionMatchesIso87AFieldByField() {
        assertSameFields(new ISO87APackager(), Dialect.VAN.packager());
    }

    @Test
    void everyContractFieldPacksToTheSameBytes() throws Exception {
        ISOMsg m = ContractMessages.everyField();
        m.setPackager(new ISO87BPackager());
        byte[] reference = m.pack();
        m.setPackager(Dialect.TERMINAL.packager());
        assertArrayEquals(reference, m.pack());

        m.setPackager(new ISO87APackager());
        reference = m.pack();
        m.setPackager(Dialect.VAN.packager());
        assertArrayEquals(reference, m.pack());
    }

    /**
     * Field 55 differs in type only: ISO87BPackager reads it as LLLCHAR, ours as LLLBINARY, so EMV
     * data arrives as bytes. Both write a 2-byte BCD length and the raw bytes, which the pack test proves.
     */
    private static void assertSameFields(ISOBasePackager reference, ISOPackager ours) {
        ISOBasePackager o = (ISOBasePackager) ours;
        for (int i = 0; i <= 128; i++) {
            ISOFieldPackager a = reference.getFieldPackager(i);
            ISOFieldPackager b = o.getFieldPackager(i);
            if (a == null || b == null) {
                assertEquals(a == null, b == null, "field " + i + " presence");
                continue;
            }
            if (!(i == 55 && a.getClass() == IFB_LLLCHAR.class && b.getClass() == IFB_LLLBINARY.class)) {
                assertEquals(a.getClass(), b.getClass(), "field " + i + " class");
            }
            assertEquals(a.getLength(), b.getLength(), "field " + i + " length");
            assertEquals(a.getMaxPackedLength(), b.getMaxPackedLength(), "field " + i + " packed length");
        }
    }
}
