package org.veil.security;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The ANSI X9.19 / ISO 9797-1 MAC algorithm 3 ("retail MAC") with padding method 1 (zeros) under a double-length TDES
 * key K1|K2: DES-CBC under K1, the last block decrypted under K2 and encrypted under K1. 8 bytes, as ISO 8583
 * field 64 carries it. {@link #verify} compares in constant time. Stateless and thread-safe.
 */
public final class RetailMac {
    private RetailMac() {}

    /** The 8-byte MAC of {@code data} under {@code key} (DESede, 16 bytes). */
    public static byte[] mac(SecretKey key, byte[] data) {
        byte[] k = Tdes.material(key, "a retail MAC key");
        byte[] k16 = Arrays.copyOf(k, 16);
        try {
            ISO9797Alg3Mac mac = new ISO9797Alg3Mac(new DESEngine());
            mac.init(new KeyParameter(k16));
            mac.update(data, 0, data.length);
            byte[] out = new byte[8];
            mac.doFinal(out, 0);
            return out;
        } finally {
            PinBlock.wipe(k, k16);
        }
    }

    /** True when {@code presented} (8 bytes) is the MAC of {@code data}. */
    public static boolean verify(SecretKey key, byte[] data, byte[] presented) {
        return presented != null && MessageDigest.isEqual(mac(key, data), presented);
    }
}
