package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.veil.security.PinBlockTest.assertMessage;
import static org.veil.security.Vectors.hex;

import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class WorkingKeysTest {
    static final SecretKey TMK = Vectors.tdes("0123456789ABCDEFFEDCBA9876543210");

    @Test
    void anIssuedKeyIsAcceptedByTheTerminalWithTheSameTmk() {
        WorkingKeys.Issued issued = WorkingKeys.issue(TMK);
        assertEquals(16, issued.underTmk().length);
        assertEquals(CheckValue.of(issued.key()), issued.checkValue());
        assertArrayEquals(issued.underTmk(), Tdes.encrypt(TMK, issued.key().getEncoded()));
        SecretKey accepted = WorkingKeys.accept(TMK, issued.underTmk(), issued.checkValue().toLowerCase());
        assertArrayEquals(issued.key().getEncoded(), accepted.getEncoded());
        // DES odd parity in every byte
        for (byte b : accepted.getEncoded()) assertTrue(Integer.bitCount(b & 0xFF) % 2 == 1);
        assertNotEquals(hex(issued.underTmk()), hex(WorkingKeys.issue(TMK).underTmk()));
    }

    @Test
    void theKnownTestKeyUnwrapsWithItsPublishedCheckValue() {
        // 0123456789ABCDEFFEDCBA9876543210 has KCV 08D7B4; wrap it under a TMK by hand
        SecretKey tmk = Vectors.tdes("89ABCDEF0123456776543210FEDCBA98");
        byte[] wrapped = Tdes.encrypt(tmk, hex("0123456789ABCDEFFEDCBA9876543210"));
        assertEquals("0123456789ABCDEFFEDCBA9876543210", hex(WorkingKeys.accept(tmk, wrapped, "08D7B4").getEncoded()));
    }

    @Test
    void aWrongTmkOrCheckValueIsRefused() {
        WorkingKeys.Issued issued = WorkingKeys.issue(TMK);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkingKeys.accept(Vectors.tdes("FEDCBA98765432100123456789ABCDEF"), issued.underTmk(), issued.checkValue()));
        assertTrue(e.getMessage().startsWith("working key check value mismatch"), e.getMessage());
        assertMessage("an encrypted working key is 16 bytes", () -> WorkingKeys.accept(TMK, new byte[8], "000000"));
        assertMessage("a key check value is at least 6 hex characters", () -> WorkingKeys.accept(TMK, issued.underTmk(), "08D7"));
    }
}
