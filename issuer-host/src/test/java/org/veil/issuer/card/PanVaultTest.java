package org.veil.issuer.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;

/** Card numbers at rest: AES-GCM round trip and tamper detection, the keyed lookup hash, and nothing clear in text. */
class PanVaultTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PAN = "9999000000000012";
    private static final Path TEST_KEYS = Path.of("..", "cfg", "keys", "TEST-ONLY-keys.p12");
    private final PanVault vault = PanVault.open(TEST_KEYS, "test-only-not-a-secret".toCharArray());

    @Test
    void roundTripOfEveryLengthWithTheShippedTestKeys() {
        for (String pan : List.of("999900000000", PAN, "9999010000000000123", "4111111111111111")) {
            byte[] sealed = vault.encrypt(pan);
            assertEquals(1 + 12 + pan.length() + 16, sealed.length, "format byte, nonce, ciphertext, tag");
            assertEquals(pan, vault.decrypt(sealed, vault.lookupHash(pan)));
            assertFalse(contains(sealed, pan.getBytes(StandardCharsets.US_ASCII)), "the ciphertext holds the number");
        }
    }

    @Test
    void eachEncryptionHasItsOwnNonce() {
        byte[] a = vault.encrypt(PAN);
        byte[] b = vault.encrypt(PAN);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 1, 13), Arrays.copyOfRange(b, 1, 13)), "same nonce twice");
        assertFalse(Arrays.equals(a, b));
        assertEquals(PAN, vault.decrypt(b, vault.lookupHash(PAN)));
    }

    @Test
    void anyAlteredByteIsAClearIntegrityError() {
        byte[] sealed = vault.encrypt(PAN);
        byte[] hash = vault.lookupHash(PAN);
        for (int i = 1; i < sealed.length; i++) { // nonce, ciphertext and tag alike
            byte[] bad = sealed.clone();
            bad[i] ^= 0x01;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> vault.decrypt(bad, hash), "byte " + i);
            assertTrue(e.getMessage().contains("fails its integrity check"), e.getMessage());
            assertFalse(e.getMessage().contains(PAN));
        }
        byte[] badFormat = sealed.clone();
        badFormat[0] = 2;
        assertTrue(assertThrows(IllegalStateException.class, () -> vault.decrypt(badFormat, hash)).getMessage()
                .contains("not a card number ciphertext"));
        assertThrows(IllegalStateException.class, () -> vault.decrypt(Arrays.copyOf(sealed, 20), hash));
        assertThrows(IllegalStateException.class, () -> vault.decrypt(null, hash));
    }

    @Test
    void aCiphertextMovedOntoAnotherCardOrReadUnderAnotherKeyFails() {
        byte[] sealed = vault.encrypt(PAN);
        String other = "9999000000000020";
        IllegalStateException moved = assertThrows(IllegalStateException.class, () -> vault.decrypt(sealed, vault.lookupHash(other)));
        assertTrue(moved.getMessage().contains("moved from its place"), moved.getMessage());
        PanVault otherPanKey = new PanVault(KeyRole.PAN_KEY.generate(RANDOM), testKeys().key(KeyRole.PAN_HASH_KEY.alias));
        assertArrayEquals(vault.lookupHash(PAN), otherPanKey.lookupHash(PAN), "same hash key, same hash");
        assertThrows(IllegalStateException.class, () -> otherPanKey.decrypt(sealed, vault.lookupHash(PAN)));
    }

    @Test
    void lookupHashIsKeyedAndStable() {
        byte[] h = vault.lookupHash(PAN);
        assertEquals(32, h.length);
        assertArrayEquals(h, vault.lookupHash(PAN), "same number, same hash");
        assertArrayEquals(h, PanVault.open(TEST_KEYS, "test-only-not-a-secret".toCharArray()).lookupHash(PAN), "same key, same hash");
        assertFalse(Arrays.equals(h, vault.lookupHash("9999000000000020")), "another number, another hash");
        PanVault otherHashKey = new PanVault(testKeys().key(KeyRole.PAN_KEY.alias), KeyRole.PAN_HASH_KEY.generate(RANDOM));
        assertFalse(Arrays.equals(h, otherHashKey.lookupHash(PAN)), "another key, another hash");
        assertFalse(HexFormat.of().formatHex(h).contains(PAN));
    }

    @Test
    void aSealedPvvOpensOnlyAsThePvvOfItsOwnCard() {
        String other = "9999000000000020";
        byte[] sealed = vault.sealPvv(PAN, "14321");
        assertEquals("14321", vault.openPvv(PAN, sealed));
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("4321"));
        assertFalse(Arrays.equals(sealed, vault.sealPvv(PAN, "14321")), "a fresh nonce each time");
        assertThrows(IllegalStateException.class, () -> vault.openPvv(other, sealed), "another card's row");
        assertThrows(IllegalStateException.class, () -> vault.decrypt(sealed, vault.lookupHash(PAN)), "not as a card number");
        assertThrows(IllegalStateException.class, () -> vault.openPvv(PAN, vault.encrypt(PAN)), "a card number is no PVV");
        assertThrows(IllegalArgumentException.class, () -> vault.sealPvv(PAN, "4321"));
    }

    @Test
    void maskShowsFirstSixAndLastFour() {
        assertEquals("999900******0012", PanVault.mask(PAN));
    }

    @Test
    void noTextShowsTheNumberTheCvv2OrAKey() {
        Card card = new Card(7, PanVault.mask(PAN), "PREPAID-USD", "2812", CardState.ACTIVE, 3, 0);
        IssuedCard issued = new IssuedCard(card, PAN, "123", PAN + "=2812101" + "14321" + "456", "789");
        for (Object o : List.of(vault, card, issued, new Track2(PAN, "2812", "101", "14321456"))) {
            String s = o.toString();
            assertFalse(s.contains(PAN), s);
            for (String secret : List.of("123", "4321", "456", "789")) assertFalse(s.contains(secret), s);
        }
        assertTrue(issued.toString().contains("999900******0012"), issued.toString());
        String hexKey = HexFormat.of().formatHex(testKeys().key(KeyRole.PAN_KEY.alias).getEncoded());
        assertFalse(vault.toString().toLowerCase().contains(hexKey.substring(0, 12)), vault.toString());
        assertTrue(vault.toString().matches("PanVault\\[pan-key KCV [0-9A-F]{6}, pan-hash-key KCV [0-9A-F]{6}]"), vault.toString());
        IllegalArgumentException notDigits = assertThrows(IllegalArgumentException.class, () -> vault.encrypt(PAN + "x"));
        assertFalse(notDigits.getMessage().contains(PAN), notDigits.getMessage());
    }

    @Test
    void missingOrWrongKeysAreOneLineErrors() {
        SecretKey aes = KeyRole.PAN_KEY.generate(RANDOM);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PanVault.from(KeyVault.of(Map.of(KeyRole.PAN_KEY.alias, aes))));
        assertEquals("has no key pan-hash-key (card numbers at rest need it)", missing.getMessage());
        IllegalArgumentException weak = assertThrows(IllegalArgumentException.class,
                () -> new PanVault(KeyRole.TPK_AES.generate(RANDOM), KeyRole.PAN_HASH_KEY.generate(RANDOM)));
        assertEquals("pan-key must be an AES-256 key, got AES 128 bits", weak.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PanVault(aes, aes));
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class,
                () -> PanVault.open(Path.of("no-such-keys.p12"), "x".toCharArray()));
        assertEquals("keystore no-such-keys.p12: no such file", noFile.getMessage());
    }

    private static KeyVault testKeys() {
        return KeyVault.load(TEST_KEYS, "test-only-not-a-secret".toCharArray());
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }
}
