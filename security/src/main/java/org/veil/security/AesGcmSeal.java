package org.veil.security;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Data at rest sealed with AES-GCM under one key: a format byte, a random 96-bit nonce, then the ciphertext and its
 * 128-bit tag. The associated data binds a sealed value to its place (a card, a shop's key id, an order), so a value
 * copied to another row does not open.
 */
public final class AesGcmSeal {
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public AesGcmSeal(SecretKey key) {
        this.key = key;
    }

    /** 1 + 12 + the length of {@code clear} + 16 bytes. */
    public byte[] seal(byte[] clear, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] sealed = c.doFinal(clear);
            byte[] out = new byte[1 + NONCE_BYTES + sealed.length];
            out[0] = FORMAT;
            System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, 1 + NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * The clear bytes, which the caller wipes when done. Not of this format, altered, bound to another place or sealed
     * under another key: an IllegalStateException that names {@code what}.
     */
    public byte[] open(byte[] sealed, byte[] aad, String what) {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT) {
            throw new IllegalStateException("not a " + what + " ciphertext of format " + FORMAT);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            c.updateAAD(aad);
            return c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException(what + " fails its integrity check (altered, moved from its place, or sealed under another key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(what + " cannot be opened: " + e.getMessage(), e);
        }
    }
}
