package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.veil.security.PinBlockTest.assertMessage;
import static org.veil.security.Vectors.hex;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class MacTest {
    private static final SecretKey TAK = Vectors.tdes("0123456789ABCDEFFEDCBA9876543210");
    private static final SecretKey CMAC_KEY = Vectors.aes("2B7E151628AED2A6ABF7158809CF4F3C");
    private static final String RFC4493_M64 = "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51"
            + "30C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710";

    @Test
    void retailMacMatchesTheIso9797Vector() {
        byte[] data = "Now is the time for all ".getBytes(StandardCharsets.US_ASCII);
        assertEquals("A1C72E74EA3FA9B6", hex(RetailMac.mac(TAK, data)));
        assertTrue(RetailMac.verify(TAK, data, hex("A1C72E74EA3FA9B6")));
        assertFalse(RetailMac.verify(TAK, data, hex("A1C72E74EA3FA9B7")));
        byte[] tampered = data.clone();
        tampered[0] ^= 1;
        assertFalse(RetailMac.verify(TAK, tampered, hex("A1C72E74EA3FA9B6")));
        assertFalse(RetailMac.verify(TAK, data, null));
        // padding method 1: a partial last block is zero-filled
        assertEquals(hex(RetailMac.mac(TAK, concat(Arrays.copyOf(data, 27), new byte[5]))), hex(RetailMac.mac(TAK, Arrays.copyOf(data, 27))));
        assertMessage("a retail MAC key must be a double-length TDES (DESede) key", () -> RetailMac.mac(CMAC_KEY, data));
    }

    @Test
    void aesCmacMatchesRfc4493() {
        byte[] m = hex(RFC4493_M64);
        assertEquals("BB1D6929E95937287FA37D129B756746", hex(AesCmac.mac(CMAC_KEY, new byte[0])));
        assertEquals("070A16B46B4D4144F79BDD9DD04A287C", hex(AesCmac.mac(CMAC_KEY, Arrays.copyOf(m, 16))));
        assertEquals("DFA66747DE9AE63030CA32611497C827", hex(AesCmac.mac(CMAC_KEY, Arrays.copyOf(m, 40))));
        assertEquals("51F0BEBF7E3B9D92FC49741779363CFE", hex(AesCmac.mac(CMAC_KEY, m)));
    }

    @Test
    void aesCmacVerifiesFullAndTruncatedMacsOnly() {
        byte[] m = hex(RFC4493_M64);
        byte[] full = AesCmac.mac(CMAC_KEY, m);
        assertTrue(AesCmac.verify(CMAC_KEY, m, full));
        assertTrue(AesCmac.verify(CMAC_KEY, m, Arrays.copyOf(full, 8)));
        assertFalse(AesCmac.verify(CMAC_KEY, m, Arrays.copyOf(full, 7)));
        byte[] bad = Arrays.copyOf(full, 8);
        bad[7] ^= 1;
        assertFalse(AesCmac.verify(CMAC_KEY, m, bad));
        assertFalse(AesCmac.verify(CMAC_KEY, Arrays.copyOf(m, 63), full));
        assertMessage("an AES-CMAC key is an AES key of 16, 24 or 32 bytes", () -> AesCmac.mac(TAK, m));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
