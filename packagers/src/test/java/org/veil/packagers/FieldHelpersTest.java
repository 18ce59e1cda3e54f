package org.veil.packagers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.junit.jupiter.api.Test;

class FieldHelpersTest {

    @Test
    void mtiArithmetic() {
        assertEquals("0110", Mti.responseOf("0100"));
        assertEquals("0110", Mti.responseOf("0101"));
        assertEquals("0430", Mti.responseOf("0421"));
        assertEquals("0420", Mti.original("0421"));
        assertTrue(Mti.isRepeat("0201"));
        assertFalse(Mti.isRepeat("0200"));
        assertTrue(Mti.isResponse("0130"));
        assertFalse(Mti.isResponse("0120"));
        assertTrue(Mti.isResponse("0830"));
        assertTrue(Mti.isResponse("0150"));
        assertFalse(Mti.isResponse("0240"));
        assertFalse(Mti.isWellFormed("02 0"));
        assertEquals("2200", Mti.toHost("0200"));
        assertEquals("0210", Mti.toEdge("2210"));
        assertThrows(IllegalArgumentException.class, () -> Mti.check("02x0"));
    }

    @Test
    void processingCodes() {
        assertEquals(TransactionType.PURCHASE, TransactionType.fromProcessingCode("000000"));
        assertEquals(TransactionType.REFUND, TransactionType.fromProcessingCode("200000"));
        assertEquals(TransactionType.LOAD, TransactionType.fromProcessingCode("210000"));
        assertEquals(TransactionType.BALANCE_INQUIRY, TransactionType.fromProcessingCode("300000"));
        assertEquals(TransactionType.BALANCE_INQUIRY, TransactionType.fromProcessingCode("310000"));
        assertThrows(IllegalArgumentException.class, () -> TransactionType.fromProcessingCode("990000"));
    }

    @Test
    void everyResponseCodeRoundTripsThroughItsHostCode() {
        for (ResponseCode rc : ResponseCode.values()) {
            assertEquals(4, rc.hostCode().length());
            assertEquals(rc, ResponseCode.fromHostCode(rc.hostCode()), rc.name());
        }
        assertEquals("1016", ResponseCode.INSUFFICIENT_FUNDS.hostCode());
        assertEquals(ResponseCode.APPROVED, ResponseCode.fromHostCode("4000"));   // reversal accepted
        assertEquals(ResponseCode.DO_NOT_HONOR, ResponseCode.fromHostCode("1999"));
        assertEquals(ResponseCode.SYSTEM_MALFUNCTION, ResponseCode.fromHostCode("9998"));
        assertEquals(ResponseCode.SYSTEM_MALFUNCTION, ResponseCode.fromHostCode("xx"));
        assertEquals(ResponseCode.INSUFFICIENT_FUNDS, ResponseCode.fromCode("51"));
    }

    @Test
    void privateDataSubelements() {
        PrivateData pd = PrivateData.parse("PA001YOR005ORD-1ZZ000");
        assertTrue(pd.isYes(PrivateData.PARTIAL_APPROVAL));
        assertEquals("ORD-1", pd.get(PrivateData.ORDER_ID));
        assertEquals("", pd.get("ZZ"));
        assertEquals("PA001YOR005ORD-1ZZ000", pd.format());
        assertEquals("OT0061234AB", PrivateData.empty().with("OT", "1234AB").format());
        assertThrows(IllegalArgumentException.class, () -> PrivateData.parse("PA00"));
        assertThrows(IllegalArgumentException.class, () -> PrivateData.parse("PA0x1Y"));
        assertThrows(IllegalArgumentException.class, () -> PrivateData.parse("PA009Y"));
    }

    @Test
    void additionalAmounts() {
        String f54 = AdditionalAmounts.balances("840", 10000, 7500);
        assertEquals("0001840C000000010000" + "0002840C000000007500", f54);
        assertEquals(10000L, AdditionalAmounts.find(f54, AdditionalAmounts.LEDGER));
        assertEquals(7500L, AdditionalAmounts.find(f54, AdditionalAmounts.AVAILABLE));
        List<AdditionalAmounts.Amount> neg = AdditionalAmounts.parse(AdditionalAmounts.balances("978", -5, 0));
        assertEquals(-5, neg.get(0).minorUnits());
        assertEquals("978", neg.get(0).currency());
        assertNull(AdditionalAmounts.find("", AdditionalAmounts.LEDGER));
        assertThrows(IllegalArgumentException.class, () -> AdditionalAmounts.parse("0001840X"));
    }

    @Test
    void originalData() {
        OriginalData od = OriginalData.of("0200", "000041", "1123101500");
        assertEquals(42, od.format().length());
        assertEquals(od, OriginalData.parse(od.format()));
        assertThrows(IllegalArgumentException.class, () -> OriginalData.parse("0200"));
    }

    @Test
    void cardNumbers() {
        assertTrue(CardNumbers.luhnValid("4111111111111111"));
        assertFalse(CardNumbers.luhnValid("4111111111111112"));
        String partial = "999900000000001";
        assertTrue(CardNumbers.luhnValid(partial + CardNumbers.luhnDigit(partial)));
        assertEquals("999900******0018", CardNumbers.mask("9999000000000018"));
        assertEquals("9999000000000018", CardNumbers.panOfTrack2("9999000000000018=2911101"));
        assertEquals("2911", CardNumbers.expiryOfTrack2("9999000000000018D2911101"));
        assertNull(CardNumbers.panOfTrack2("nothing"));
    }

    @Test
    void everyContractFieldRoundTripsInBothDialects() throws Exception {
        for (Dialect d : new Dialect[] {Dialect.TERMINAL, Dialect.VAN}) {
            ISOMsg m = ContractMessages.everyField();
            m.setPackager(d.packager());
            byte[] packed = m.pack();
            ISOMsg back = new ISOMsg();
            back.setPackager(d.packager());
            back.unpack(packed);
            for (int f = 2; f <= 128; f++) {
                if (!m.hasField(f)) {
                    assertFalse(back.hasField(f), d + " field " + f);
                    continue;
                }
                assertEquals(ISOUtil.hexString(m.getBytes(f)), ISOUtil.hexString(back.getBytes(f)), d + " field " + f);
            }
            assertEquals("0200", back.getMTI());
        }
    }

    @Test
    void hostMappingCarriesEveryFieldTheIssuerNeeds() throws Exception {
        ISOMsg edge = ContractMessages.everyField();
        edge.unset(70);
        ISOMsg host = HostMessages.toHost(edge, "00000000001");
        host.setPackager(Dialect.HOST.packager());
        ISOMsg back = new ISOMsg();
        back.setPackager(Dialect.HOST.packager());
        back.unpack(host.pack());
        assertEquals("2200", back.getMTI());
        assertEquals(12345L, HostMessages.minorUnits(back));
        assertEquals("840", HostMessages.currency(back));
        assertEquals("000000000042", back.getString(11));
        assertEquals("000042", HostMessages.edgeStan(back.getString(11)));
        assertEquals("TERM0001", back.getString(41).trim());
        assertEquals("MERCHANT0000001", back.getString(42));
        assertEquals("5999", back.getString(26));
        assertEquals("9999000000000018=29111010000000", back.getString(35));
        assertEquals("2200" + "000000000041" + "1123101500" + "00000000000", back.getString(56));
        assertEquals(edge.getString(48), back.getString(48));
        assertEquals("0123456789ABCDEF", ISOUtil.hexString(back.getBytes(52)));
        assertTrue(back.getString(12).endsWith("1123101530"));

        ISOMsg answer = (ISOMsg) back.clone();
        answer.setMTI("2210");
        answer.set(39, ResponseCode.PARTIAL_APPROVAL.hostCode());
        answer.set(HostMessages.amount(5000, "840"));
        ISOMsg edgeResponse = new ISOMsg("0210");
        HostMessages.applyHostAnswer(answer, edgeResponse);
        assertEquals("10", edgeResponse.getString(39));
        assertEquals("000000005000", edgeResponse.getString(4));
        assertEquals("A1B2C3", edgeResponse.getString(38));
    }

    @Test
    void hostAmountsUseTheCurrencyExponent() throws Exception {
        ISOMsg edge = new ISOMsg("0100");
        edge.set(4, "000000001000");
        edge.set(49, "392");   // yen: no minor units
        ISOMsg host = HostMessages.toHost(edge, null);
        assertEquals(1000L, HostMessages.minorUnits(host));
        assertEquals("392", HostMessages.currency(host));
        edge.set(49, "84");
        assertThrows(org.jpos.iso.ISOException.class, () -> HostMessages.toHost(edge, null));
    }

    @Test
    void hostNumbersAreZeroPaddedToTheirLengthAndRefusedWhenTheyDoNotFit() throws Exception {
        assertEquals("000000000042", HostMessages.digits(42, 12));
        assertEquals("2026", HostMessages.digits(2026, 4));
        assertEquals("07", HostMessages.digits(7, 2));
        assertThrows(org.jpos.iso.ISOException.class, () -> HostMessages.digits(1_000_000_000_000L, 12));
        assertThrows(org.jpos.iso.ISOException.class, () -> HostMessages.digits(-1, 12));

        ISOMsg edge = new ISOMsg("0200");
        edge.set(12, "101530"); // time only: the date is today's, in UTC
        String f12 = HostMessages.toHost(edge, null).getString(12);
        assertTrue(f12.matches("\\d{8}101530"), f12);
        assertEquals(java.time.LocalDate.now(java.time.ZoneOffset.UTC).getYear(), Integer.parseInt(f12.substring(0, 4)), f12);
    }
}
