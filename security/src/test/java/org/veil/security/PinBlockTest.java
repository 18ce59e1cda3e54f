package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.veil.security.Vectors.hex;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class PinBlockTest {
    private static final SecretKey TPK = Vectors.tdes("0123456789ABCDEFFEDCBA9876543210");
    private static final SecretKey AES = Vectors.aes("2B7E151628AED2A6ABF7158809CF4F3C");

    @Test
    void format0MatchesThePublishedVector() {
        assertEquals("041261AAAAEDCBA9", hex(PinBlock.format0("1234", "5555555551234567")));
        assertEquals("1234", new String(PinBlock.pinFromFormat0(hex("041261AAAAEDCBA9"), "5555555551234567")));
        // X9.24 DUKPT example: PIN 1234, PAN 4012345678909
        assertEquals("041274EDCBA9876F", hex(PinBlock.format0("1234", "4012345678909")));
    }

    @Test
    void format0RoundTripsEveryPinLengthAndShortPans() {
        for (int len = 4; len <= 12; len++) {
            String pin = "987654321098".substring(0, len);
            for (String pan : new String[] {"12345678", "4111111111111111", "9999000000000017", "1234567890123456789"}) {
                byte[] enc = PinBlock.encryptFormat0(TPK, pin, pan);
                assertEquals(8, enc.length);
                assertEquals(pin, new String(PinBlock.decryptFormat0(TPK, enc, pan)));
            }
        }
    }

    @Test
    void format0RejectsBadInputWithOneLineThatNamesNoSecret() {
        String pan = "5555555551234567";
        assertMessage("a PIN is 4 to 12 digits, got 3", () -> PinBlock.format0("123", pan));
        assertMessage("a PIN is 4 to 12 digits, got 13", () -> PinBlock.format0("1234567890123", pan));
        assertMessage("a PIN is decimal digits only", () -> PinBlock.format0("12a4", pan));
        assertMessage("a PAN is 8 to 19 digits, got 7", () -> PinBlock.format0("1234", "1234567"));
        assertMessage("a PAN is decimal digits only", () -> PinBlock.format0("1234", "55555555512345X7"));
        assertMessage("a format 0 PIN block is 8 bytes", () -> PinBlock.pinFromFormat0(new byte[7], pan));
        // control nibble 1 (format 1) instead of 0
        assertMessage("not a format 0 PIN block (control nibble)", () -> PinBlock.pinFromFormat0(hex("141261AAAAEDCBA9"), pan));
        // length nibble 3 and D
        assertMessage("format 0 PIN block: PIN length out of 4..12", () -> PinBlock.pinFromFormat0(hex("031261AAAAEDCBA9"), pan));
        assertMessage("format 0 PIN block: PIN length out of 4..12", () -> PinBlock.pinFromFormat0(hex("0D1261AAAAEDCBA9"), pan));
        // the wrong PAN breaks the fill
        assertMessage("format 0 PIN block: bad fill (wrong key or PAN?)", () -> PinBlock.pinFromFormat0(hex("041261AAAAEDCBA9"), "4111111111111111"));
        // a non-decimal PIN digit: 04 1A 34 FF.. XOR pan field
        byte[] badDigit = PinBlock.xor(hex("041A34FFFFFFFFFF"), hex("0000555555123456"));
        assertMessage("format 0 PIN block: a PIN digit is not decimal", () -> PinBlock.pinFromFormat0(badDigit, pan));
        assertMessage("the key must be a double-length TDES (DESede) key", () -> PinBlock.encryptFormat0(AES, "1234", pan));
    }

    @Test
    void format4RoundTripsAndHasTheStandardsStructure() throws Exception {
        for (int len = 4; len <= 12; len++) {
            String pin = "123456789012".substring(0, len);
            for (String pan : new String[] {"12345678", "432198765432109870", "4111111111111111", "1234567890123456789"}) {
                byte[] block = PinBlock.encryptFormat4(AES, pin, pan);
                assertEquals(16, block.length);
                assertEquals(pin, new String(PinBlock.pinFromFormat4(AES, block, pan)));
                // undo the two encipherments by hand and look at both fields
                Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
                c.init(Cipher.DECRYPT_MODE, AES);
                byte[] a = c.doFinal(block);
                String padded = pan.length() < 12 ? "0".repeat(12 - pan.length()) + pan : pan;
                String panField = (padded.length() - 12) + padded + "0".repeat(31 - padded.length());
                String pinField = hex(c.doFinal(PinBlock.xor(a, hex(panField))));
                assertEquals("4" + Integer.toHexString(len).toUpperCase() + pin + "A".repeat(14 - len), pinField.substring(0, 16));
            }
        }
        // 8 random bytes of fill: the same PIN never gives the same block twice
        assertNotEquals(hex(PinBlock.encryptFormat4(AES, "1234", "4111111111111111")),
                hex(PinBlock.encryptFormat4(AES, "1234", "4111111111111111")));
    }

    @Test
    void format4RejectsWrongKeyWrongPanAndBadInput() {
        byte[] block = PinBlock.encryptFormat4(AES, "1234", "4111111111111111");
        SecretKey other = Vectors.aes("000102030405060708090A0B0C0D0E0F");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PinBlock.pinFromFormat4(other, block, "4111111111111111"));
        assertTrue(e.getMessage().startsWith("not a format 4 PIN block") || e.getMessage().startsWith("format 4 PIN block:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PinBlock.pinFromFormat4(AES, block, "4111111111111129"));
        assertMessage("a format 4 PIN block is 16 bytes", () -> PinBlock.pinFromFormat4(AES, new byte[8], "4111111111111111"));
        assertMessage("a format 4 PIN block needs an AES key", () -> PinBlock.encryptFormat4(TPK, "1234", "4111111111111111"));
        assertMessage("a PIN is 4 to 12 digits, got 13", () -> PinBlock.encryptFormat4(AES, "1234567890123", "4111111111111111"));
        assertMessage("a PIN is decimal digits only", () -> PinBlock.encryptFormat4(AES, "12 4", "4111111111111111"));
    }

    @Test
    void aBlockUnderTheWrongKeyIsRefusedWithoutShowingThePin() {
        byte[] enc = PinBlock.encryptFormat0(TPK, "4321", "4111111111111111");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PinBlock.decryptFormat0(Vectors.tdes("FEDCBA98765432100123456789ABCDEF"), enc, "4111111111111111"));
        assertFalse(e.getMessage().contains("4321"));
        assertFalse(e.getMessage().contains(hex(enc)));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
