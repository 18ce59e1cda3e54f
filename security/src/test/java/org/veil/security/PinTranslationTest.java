package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.veil.security.Vectors.hex;

import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class PinTranslationTest {
    static final SecretKey TPK = Vectors.tdes("0123456789ABCDEFFEDCBA9876543210");
    static final SecretKey TPK_AES = Vectors.aes("2B7E151628AED2A6ABF7158809CF4F3C");
    static final SecretKey ZPK = Vectors.tdes("89ABCDEF0123456776543210FEDCBA98");
    static final String PAN = "9999000000000017";

    @Test
    void aTdesFormat0BlockIsReEncryptedUnderTheZpk() {
        byte[] out = PinTranslation.fromTerminalKey(TPK, PinBlock.encryptFormat0(TPK, "9876", PAN), PAN, ZPK);
        assertEquals(8, out.length);
        assertEquals(hex(PinBlock.format0("9876", PAN)), hex(Tdes.decrypt(ZPK, out)));
    }

    @Test
    void anAesFormat4BlockBecomesFormat0UnderTheZpk() {
        byte[] out = PinTranslation.fromTerminalKey(TPK_AES, PinBlock.encryptFormat4(TPK_AES, "123456789012", PAN), PAN, ZPK);
        assertEquals("123456789012", new String(PinBlock.decryptFormat0(ZPK, out, PAN)));
    }

    @Test
    void theX924DukptBlockBecomesFormat0UnderTheZpk() {
        byte[] out = PinTranslation.fromDukpt(DukptTest.BDK, "FFFF9876543210E00001", hex("1B9C1845EB993A7A"), "4012345678909", ZPK);
        assertEquals("041274EDCBA9876F", hex(Tdes.decrypt(ZPK, out)));
        // a later counter
        String ksn = "FFFF9876543210E003FF";
        byte[] block = PinBlock.encryptFormat0(Dukpt.pinKey(Dukpt.ipek(DukptTest.BDK, ksn), ksn), "55555", PAN);
        assertEquals("55555", new String(PinBlock.decryptFormat0(ZPK, PinTranslation.fromDukpt(DukptTest.BDK, ksn, block, PAN, ZPK), PAN)));
    }

    @Test
    void aBlockUnderAnotherKeyIsRefusedWithoutPinOrBlockInTheMessage() {
        byte[] block = PinBlock.encryptFormat0(ZPK, "4321", PAN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PinTranslation.fromTerminalKey(TPK, block, PAN, ZPK));
        assertFalse(e.getMessage().contains("4321"), e.getMessage());
        assertFalse(e.getMessage().contains(hex(block)), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        // the same DUKPT block with the next KSN does not decrypt
        assertThrows(IllegalArgumentException.class,
                () -> PinTranslation.fromDukpt(DukptTest.BDK, "FFFF9876543210E00002", hex("1B9C1845EB993A7A"), "4012345678909", ZPK));
        // a format 4 block given to a TDES key: refused on its length
        assertThrows(IllegalArgumentException.class, () -> PinTranslation.fromTerminalKey(TPK, new byte[16], PAN, ZPK));
    }
}
