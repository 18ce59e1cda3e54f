package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.veil.security.PinBlockTest.assertMessage;

import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class CardVerificationValueTest {
    // CVK A 0123456789ABCDEF, CVK B FEDCBA9876543210
    static final SecretKey CVK = Vectors.tdes("0123456789ABCDEFFEDCBA9876543210");

    @Test
    void cvvMatchesThePublishedVector() {
        assertEquals("561", CardVerificationValue.cvv(CVK, "4123456789012345", "8701", "101"));
        assertTrue(CardVerificationValue.verify(CVK, "4123456789012345", "8701", "101", "561"));
        assertFalse(CardVerificationValue.verify(CVK, "4123456789012345", "8701", "101", "562"));
        assertFalse(CardVerificationValue.verify(CVK, "4123456789012345", "8701", "101", null));
    }

    @Test
    void cvv2AndIcvvAreTheCvvWithServiceCodes000And999() {
        String pan = "9999000000000017";
        assertEquals(CardVerificationValue.cvv(CVK, pan, "2912", "000"), CardVerificationValue.cvv2(CVK, pan, "2912"));
        assertEquals(CardVerificationValue.cvv(CVK, pan, "2912", "999"), CardVerificationValue.icvv(CVK, pan, "2912"));
        assertTrue(CardVerificationValue.cvv2(CVK, pan, "2912").matches("[0-9]{3}"));
        assertNotEquals(CardVerificationValue.cvv2(CVK, pan, "2912"), CardVerificationValue.cvv2(CVK, pan, "2911"));
    }

    @Test
    void badInputIsRefusedInOneLine() {
        assertMessage("an expiry is 4 digits YYMM", () -> CardVerificationValue.cvv2(CVK, "4123456789012345", "0187"));
        assertMessage("an expiry is 4 digits YYMM", () -> CardVerificationValue.cvv2(CVK, "4123456789012345", "871"));
        assertMessage("a service code is 3 digits", () -> CardVerificationValue.cvv(CVK, "4123456789012345", "8701", "1O1"));
        assertMessage("a PAN is 8 to 19 digits, got 20", () -> CardVerificationValue.cvv2(CVK, "41234567890123456789", "8701"));
        assertMessage("the CVK must be a double-length TDES (DESede) key",
                () -> CardVerificationValue.cvv2(Vectors.aes("000102030405060708090A0B0C0D0E0F"), "4123456789012345", "8701"));
    }
}
