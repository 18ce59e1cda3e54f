package org.veil.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.veil.security.Vectors.hex;

import java.util.List;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

/** Nothing this module hands out prints key bytes, and no refusal repeats a key, PIN or PIN block. */
class NoKeyMaterialInTextTest {
    static final SecretKey TMK = Vectors.tdes("0123456789ABCDEFFEDCBA9876543210");

    @Test
    void toStringOfEveryObjectShowsNoKeyBytes() {
        WorkingKeys.Issued issued = WorkingKeys.issue(TMK);
        SecretKey ipek = Dukpt.ipek(DukptTest.BDK, DukptTest.KSN0);
        String ksn = DukptTest.ksn(5);
        List<SecretKey> keys = List.of(issued.key(), WorkingKeys.accept(TMK, issued.underTmk(), issued.checkValue()), ipek,
                Dukpt.transactionKey(ipek, ksn), Dukpt.pinKey(ipek, ksn), Dukpt.macKey(ipek, ksn), Tdes.key24(TMK.getEncoded()));
        for (SecretKey k : keys) {
            assertNoHexOf(k.getEncoded(), k.toString());
            assertNoHexOf(k.getEncoded(), issued.toString());
        }
        assertEquals("WorkingKey[KCV " + issued.checkValue() + "]", issued.toString());
        assertNoHexOf(issued.key().getEncoded(), issued.toString());
    }

    @Test
    void refusalsNeverRepeatKeysPinsOrBlocks() {
        String pan = "9999000000000017";
        byte[] block = PinBlock.encryptFormat0(TMK, "7777", pan);
        SecretKey other = Vectors.tdes("FEDCBA98765432100123456789ABCDEF");
        for (var call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> PinTranslation.fromTerminalKey(other, block, pan, TMK),
                () -> PinBlock.decryptFormat0(other, block, pan),
                () -> WorkingKeys.accept(other, WorkingKeys.issue(TMK).underTmk(), "000000"),
                () -> PinBlock.format0("77x7", pan))) {
            String m = assertThrows(IllegalArgumentException.class, call).getMessage();
            assertFalse(m.contains("7777") || m.contains("77x7"), m);
            assertFalse(m.contains(hex(block)), m);
            assertNoHexOf(TMK.getEncoded(), m);
            assertNoHexOf(other.getEncoded(), m);
            assertEquals(1, m.lines().count(), m);
        }
    }

    /** No 4-byte run of the key, in upper or lower case hex, appears in the text. */
    static void assertNoHexOf(byte[] key, String text) {
        String h = hex(key);
        for (int i = 0; i + 8 <= h.length(); i += 2) {
            String run = h.substring(i, i + 8);
            assertFalse(text.toUpperCase().contains(run), "key bytes in: " + text);
        }
    }
}
