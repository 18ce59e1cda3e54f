package org.veil.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Every key Veil uses, by its alias in the keystore: the key hierarchy of one deployment. */
public enum KeyRole {
    /** DUKPT base derivation key: terminals' initial keys derive from it and their KSN. */
    BDK("bdk", Kind.TDES),
    /** Terminal master key: new working keys travel under it in an 0810 key change. */
    TMK("tmk", Kind.TDES),
    /** Terminal PIN key (TDES) before the first key change. */
    TPK("tpk", Kind.TDES),
    /** Terminal MAC key (TDES, retail MAC) before the first key change. */
    TAK("tak", Kind.TDES),
    /** Terminal PIN key for ISO 9564 format 4 (AES) PIN blocks. */
    TPK_AES("tpk-aes", Kind.AES128),
    /** Terminal MAC key for AES-CMAC. */
    TAK_AES("tak-aes", Kind.AES128),
    /** Zone PIN key between the switch and the prepaid issuer. */
    ZPK("zpk-prepaid", Kind.TDES),
    /** PIN verification key (Visa PVV). */
    PVK("pvk", Kind.TDES),
    /** Card verification key pair A|B (Visa CVV, CVV2, iCVV). */
    CVK("cvk", Kind.TDES),
    /** Encrypts card numbers at rest (AES-GCM). */
    PAN_KEY("pan-key", Kind.AES256),
    /** Keyed hash of card numbers, to find a card without decrypting every row. */
    PAN_HASH_KEY("pan-hash-key", Kind.HMAC256);

    public enum Kind { TDES, AES128, AES256, HMAC256 }

    public final String alias;
    public final Kind kind;

    KeyRole(String alias, Kind kind) {
        this.alias = alias;
        this.kind = kind;
    }

    /** A fresh random key of this role's kind. */
    public SecretKey generate(SecureRandom random) {
        try {
            return switch (kind) {
                case TDES -> new SecretKeySpec(oddParity(bytes(random, 16)), "DESede");
                case AES128, AES256 -> {
                    KeyGenerator g = KeyGenerator.getInstance("AES");
                    g.init(kind == Kind.AES128 ? 128 : 256, random);
                    yield g.generateKey();
                }
                case HMAC256 -> new SecretKeySpec(bytes(random, 32), "HmacSHA256");
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + kind + " key: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** DES keys carry odd parity in each byte's low bit; HSMs refuse keys without it. */
    static byte[] oddParity(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            int b = key[i] & 0xFE;
            key[i] = (byte) (b | ((Integer.bitCount(b) & 1) == 0 ? 1 : 0));
        }
        return key;
    }
}
