package org.veil.packagers;

import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;

/** Messages that carry every field CONTRACT.md lists, for round trips and equivalence. */
final class ContractMessages {
    private ContractMessages() {}

    static ISOMsg everyField() throws ISOException {
        ISOMsg m = new ISOMsg("0200");
        m.set(2, "999900000000018");             // odd digit count: right nibble padding
        m.set(3, "000000");
        m.set(4, "000000012345");
        m.set(7, "1123101530");
        m.set(11, "000042");
        m.set(12, "101530");
        m.set(13, "1123");
        m.set(14, "2911");
        m.set(18, "5999");
        m.set(22, "051");
        m.set(25, "00");
        m.set(35, "9999000000000018=29111010000000");
        m.set(37, "633010000042");
        m.set(38, "A1B2C3");
        m.set(39, "00");
        m.set(41, "TERM0001");
        m.set(42, "MERCHANT0000001");
        m.set(43, "Veil Demo Coffee         Springfield  US");
        m.set(48, PrivateData.empty().with(PrivateData.PARTIAL_APPROVAL, "Y").with(PrivateData.ORDER_ID, "ORD-1").format());
        m.set(49, "840");
        m.set(52, ISOUtil.hex2byte("0123456789ABCDEF"));
        m.set(54, AdditionalAmounts.balances("840", 100000, 87655));
        m.set(55, ISOUtil.hex2byte("9F2608A1B2C3D4E5F60718"));
        m.set(64, ISOUtil.hex2byte("FEDCBA9876543210"));
        m.set(70, "301");
        m.set(90, OriginalData.of("0200", "000041", "1123101500").format());
        return m;
    }
}
