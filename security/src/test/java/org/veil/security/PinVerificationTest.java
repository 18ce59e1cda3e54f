package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.veil.security.PinBlockTest.assertMessage;

import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class PinVerificationTest {
    // PVK and expected values as published with the psec library (knovichikhin/psec, tests and README)
    static final SecretKey PVK = Vectors.tdes("0123456789ABCDEFFEDCBA9876543210");
    static final SecretKey ZPK = Vectors.tdes("89ABCDEF0123456776543210FEDCBA98");
    static final String TABLE = "1234567890123456";

    @Test
    void visaPvvMatchesPublishedValues() {
        assertEquals("8523", PinVerification.pvv(PVK, "1122334455667788", "4524", 1));
        assertEquals("3244", PinVerification.pvv(PVK, "1122334455667788", "1912", 2));
        assertEquals("4021", PinVerification.pvv(PVK, "1122334455667788", "4524", 3));
        assertEquals("3144", PinVerification.pvv(PVK, "1122334455667718", "0570", 1));
        assertEquals("4422", PinVerification.pvv(PVK, "1122334455667708", "8299", 1));
        assertEquals("6629", PinVerification.pvv(PVK, "4321000000001234", "1234", 1));
    }

    @Test
    void aPinBlockUnderTheZpkIsVerifiedAgainstTheStoredPvv() {
        String pan = "9999000000000017";
        String pvv = PinVerification.pvv(PVK, pan, "2580", 1);
        assertTrue(PinVerification.verifyPvv(ZPK, PinBlock.encryptFormat0(ZPK, "2580", pan), pan, PVK, 1, pvv));
        assertFalse(PinVerification.verifyPvv(ZPK, PinBlock.encryptFormat0(ZPK, "2581", pan), pan, PVK, 1, pvv));
        assertFalse(PinVerification.verifyPvv(ZPK, PinBlock.encryptFormat0(ZPK, "2580", pan), pan, PVK, 2, pvv));
        // under another key or for another PAN: a mismatch, not an exception
        assertFalse(PinVerification.verifyPvv(ZPK, PinBlock.encryptFormat0(PVK, "2580", pan), pan, PVK, 1, pvv));
        assertFalse(PinVerification.verifyPvv(ZPK, PinBlock.encryptFormat0(ZPK, "2580", "9999000000000025"), pan, PVK, 1, pvv));
        assertFalse(PinVerification.verifyPvv(ZPK, PinBlock.encryptFormat0(ZPK, "2580", pan), pan, PVK, 1, null));
        // a 6-digit PIN: the PVV covers its first 4 digits, as Visa defines it
        assertEquals(PinVerification.pvv(PVK, pan, "2580", 1), PinVerification.pvv(PVK, pan, "258099", 1));
    }

    @Test
    void ibm3624OffsetMatchesPublishedValues() {
        // validation data: the 16 PAN digits
        assertEquals("0000", PinVerification.ibm3624Offset(PVK, "1122334455667788", TABLE, "4524"));
        assertEquals("1111", PinVerification.ibm3624Offset(PVK, "1122334455667788", TABLE, "5635"));
        assertEquals("6586", PinVerification.ibm3624Offset(PVK, "1122334455667788", TABLE, "0000"));
        assertEquals("7710", PinVerification.ibm3624Offset(PVK, "1122334455667788", TABLE, "1234"));
        // 14 PAN digits padded with F
        assertEquals("0000", PinVerification.ibm3624Offset(PVK, "11223344556677FF", TABLE, "5518"));
        String pan = "1122334455667788";
        assertTrue(PinVerification.verifyIbm3624(ZPK, PinBlock.encryptFormat0(ZPK, "1234", pan), pan, PVK, pan, TABLE, "7710"));
        assertFalse(PinVerification.verifyIbm3624(ZPK, PinBlock.encryptFormat0(ZPK, "1235", pan), pan, PVK, pan, TABLE, "7710"));
    }

    @Test
    void badArgumentsAreRefusedInOneLine() {
        assertMessage("a PVK index is one digit 0..9, got 10", () -> PinVerification.pvv(PVK, "1122334455667788", "1234", 10));
        assertMessage("a PVV needs a PAN of at least 12 digits", () -> PinVerification.pvv(PVK, "11223344556", "1234", 1));
        assertMessage("a PIN is 4 to 12 digits, got 3", () -> PinVerification.pvv(PVK, "1122334455667788", "123", 1));
        assertMessage("a decimalization table is 16 decimal digits", () -> PinVerification.ibm3624Offset(PVK, "1122334455667788", "123456789012345A", "1234"));
        assertMessage("IBM 3624 validation data is 16 hex characters", () -> PinVerification.ibm3624Offset(PVK, "112233445566778", TABLE, "1234"));
        assertMessage("a format 0 PIN block is 8 bytes", () -> PinVerification.verifyPvv(ZPK, new byte[16], "1122334455667788", PVK, 1, "1234"));
        assertThrows(IllegalArgumentException.class, () -> PinVerification.pvv(Vectors.aes("000102030405060708090A0B0C0D0E0F"), "1122334455667788", "1234", 1));
    }
}
