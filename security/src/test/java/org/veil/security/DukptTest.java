package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.veil.security.PinBlockTest.assertMessage;
import static org.veil.security.Vectors.hex;

import java.util.HashSet;
import java.util.Set;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class DukptTest {
    // ANSI X9.24-1 test BDK and KSN
    static final SecretKey BDK = Vectors.tdes("0123456789ABCDEFFEDCBA9876543210");
    static final String KSN0 = "FFFF9876543210E00000";

    static String ksn(int counter) {
        return String.format("FFFF9876543210%06X", 0xE00000 | counter);
    }

    @Test
    void ipekMatchesX924() {
        assertEquals("6AC292FAA1315B4D858AB3A3D7D5933A", hex(Dukpt.ipek(BDK, KSN0).getEncoded()));
        // the counter does not change the IPEK
        assertEquals("6AC292FAA1315B4D858AB3A3D7D5933A", hex(Dukpt.ipek(BDK, ksn(0x1F0000)).getEncoded()));
    }

    @Test
    void firstTransactionPinBlockMatchesX924() {
        String ksn = "FFFF9876543210E00001";
        SecretKey pinKey = Dukpt.pinKey(Dukpt.ipek(BDK, ksn), ksn);
        assertEquals("1B9C1845EB993A7A", hex(Tdes.encrypt(pinKey, hex("041274EDCBA9876F"))));
        assertEquals("1234", new String(PinBlock.decryptFormat0(pinKey, hex("1B9C1845EB993A7A"), "4012345678909")));
    }

    @Test
    void everyCounterGivesItsOwnKeyAndVariantsDiffer() {
        SecretKey ipek = Dukpt.ipek(BDK, KSN0);
        Set<Integer> counters = new HashSet<>();
        for (int c = 1; c <= 2048; c++) if (Integer.bitCount(c) <= 10) counters.add(c);
        // counters with many one-bits, the highest ones included
        counters.addAll(java.util.List.of(0x1FF800, 0x155550, 0x0AAAA8, 0x100000, 0x1FF000 | 0x1));
        Set<String> keys = new HashSet<>();
        for (int c : counters) keys.add(hex(Dukpt.transactionKey(ipek, ksn(c)).getEncoded()));
        int n = counters.size();
        assertEquals(n, keys.size());
        String ksn = ksn(7);
        assertNotEquals(hex(Dukpt.pinKey(ipek, ksn).getEncoded()), hex(Dukpt.macKey(ipek, ksn).getEncoded()));
        // PIN variant = transaction key XOR ...FF...FF in bytes 7 and 15
        byte[] t = Dukpt.transactionKey(ipek, ksn).getEncoded();
        byte[] p = Dukpt.pinKey(ipek, ksn).getEncoded();
        byte[] m = Dukpt.macKey(ipek, ksn).getEncoded();
        for (int i = 0; i < 16; i++) {
            assertEquals((byte) (t[i] ^ (i % 8 == 7 ? 0xFF : 0)), p[i]);
            assertEquals((byte) (t[i] ^ (i % 8 == 6 ? 0xFF : 0)), m[i]);
        }
    }

    @Test
    void countersX924DoesNotAllowAreRefused() {
        SecretKey ipek = Dukpt.ipek(BDK, KSN0);
        assertDoesNotThrow(() -> Dukpt.pinKey(ipek, ksn(0x3FF)));      // 10 one-bits
        assertDoesNotThrow(() -> Dukpt.pinKey(ipek, ksn(0x1FF800)));   // 10 one-bits, the top ones
        assertMessage("KSN counter has 11 one-bits; X9.24 allows at most 10", () -> Dukpt.pinKey(ipek, ksn(0x7FF)));
        assertMessage("KSN counter has 21 one-bits; X9.24 allows at most 10", () -> Dukpt.counter(ksn(0x1FFFFF)));
        assertMessage("KSN counter is 0: no transaction key uses it", () -> Dukpt.pinKey(ipek, KSN0));
        assertEquals(0x3FF, Dukpt.counter(ksn(0x3FF)));
    }

    @Test
    void malformedKsnsAreRefusedInOneLine() {
        SecretKey ipek = Dukpt.ipek(BDK, KSN0);
        assertMessage("a KSN is 20 hex characters, got 19", () -> Dukpt.pinKey(ipek, "FFFF9876543210E0001"));
        assertMessage("a KSN is 20 hex characters, got 22", () -> Dukpt.ipek(BDK, "FFFF9876543210E0000100"));
        assertMessage("a KSN is 20 hex characters, got none", () -> Dukpt.ipek(BDK, null));
        assertMessage("a KSN is hex characters only", () -> Dukpt.pinKey(ipek, "FFFF9876543210E0000G"));
        assertMessage("the BDK must be a double-length TDES (DESede) key", () -> Dukpt.ipek(Vectors.aes("000102030405060708090A0B0C0D0E0F"), KSN0));
    }
}
