package org.veil.packagers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.junit.jupiter.api.Test;

/** One message per dialect whose bytes are derived by hand from CONTRACT.md, not from jPOS. */
class ExactBytesTest {

    private static ISOMsg smallPurchase() throws Exception {
        ISOMsg m = new ISOMsg("0200");
        m.set(3, "000000");
        m.set(4, "000000001000");
        m.set(11, "000123");
        m.set(41, "TERM0001");
        m.set(49, "840");
        return m;
    }

    @Test
    void terminalPurchaseBytes() throws Exception {
        ISOMsg m = smallPurchase();
        m.setPackager(Dialect.TERMINAL.packager());
        String expected = "0200"                 // MTI, 2 BCD bytes
                + "3020000000808000"             // bitmap: fields 3, 4 | 11 | 41 | 49
                + "000000"                       // 3: n6 BCD
                + "000000001000"                 // 4: n12 BCD
                + "000123"                       // 11: n6 BCD
                + "5445524D30303031"             // 41: "TERM0001" ASCII
                + "383430";                      // 49: "840" ASCII
        assertEquals(expected, ISOUtil.hexString(m.pack()));
    }

    @Test
    void vanPurchaseBytes() throws Exception {
        ISOMsg m = smallPurchase();
        m.setPackager(Dialect.VAN.packager());
        String expected = "0200" + "3020000000808000" + "000000" + "000000001000" + "000123" + "TERM0001" + "840";
        assertArrayEquals(expected.getBytes(StandardCharsets.US_ASCII), m.pack());
    }

    @Test
    void terminalPanAndTrack2AreRightPaddedBcdWithDigitCount() throws Exception {
        ISOMsg m = new ISOMsg("0100");
        m.set(2, "476173900101011");                  // 15 digits
        m.set(35, "4761739001010119=2512101");        // 24 characters, '=' is nibble D
        m.setPackager(Dialect.TERMINAL.packager());
        String expected = "0100"
                + "4000000020000000"                  // bitmap: field 2 (byte 1, 0x40), 35 (byte 5, 0x20)
                + "15" + "4761739001010110"           // LL = 15 digits, last nibble pad 0 on the right
                + "24" + "4761739001010119D2512101";  // LL = 24 digits, D separator
        assertEquals(expected, ISOUtil.hexString(m.pack()));

        ISOMsg back = new ISOMsg();
        back.setPackager(Dialect.TERMINAL.packager());
        back.unpack(ISOUtil.hex2byte(expected));
        assertEquals("476173900101011", back.getString(2));
        assertEquals("4761739001010119=2512101", back.getString(35));
    }

    @Test
    void binaryFieldsAreRawOnTerminalAndHexOnVan() throws Exception {
        ISOMsg m = new ISOMsg("0200");
        m.set(52, ISOUtil.hex2byte("0123456789ABCDEF"));
        m.set(55, ISOUtil.hex2byte("9F2701"));
        m.setPackager(Dialect.TERMINAL.packager());
        // bitmap: 52 -> byte 7 bit 4 (0x10), 55 -> byte 7 bit 7 (0x02)
        assertEquals("0200" + "0000000000001200" + "0123456789ABCDEF" + "0003" + "9F2701",
                ISOUtil.hexString(m.pack()));
        m.setPackager(Dialect.VAN.packager());
        byte[] van = m.pack();
        byte[] head = ("0200" + "0000000000001200" + "0123456789ABCDEF" + "003").getBytes(StandardCharsets.US_ASCII);
        byte[] expected = new byte[head.length + 3];
        System.arraycopy(head, 0, expected, 0, head.length);
        System.arraycopy(ISOUtil.hex2byte("9F2701"), 0, expected, head.length, 3);
        assertArrayEquals(expected, van);
    }
}
