package org.veil.cardswitch;

import java.util.Arrays;
import javax.crypto.SecretKey;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.Dialect;
import org.veil.security.AesCmac;
import org.veil.security.RetailMac;

/**
 * Field 64 of one terminal's messages: its MAC algorithm and key. The input is the message as its edge dialect packs
 * it without field 64 (Dialect.macInput), so terminal and switch agree byte for byte. toString names no key.
 */
record EdgeMac(SecurityProfile.Mac algorithm, SecretKey key) {
    static final int LENGTH = 8;

    /** The 8-byte MAC of {@code m} as {@code dialect} packs it. */
    byte[] of(ISOMsg m, Dialect dialect) throws ISOException {
        byte[] input = dialect.macInput(m);
        return switch (algorithm) {
            case RETAIL -> RetailMac.mac(key, input);
            case AES_CMAC -> Arrays.copyOf(AesCmac.mac(key, input), LENGTH);
        };
    }

    /** True when {@code m}'s field 64 is its MAC; compared in constant time. */
    boolean verifies(ISOMsg m, Dialect dialect) throws ISOException {
        byte[] presented = m.getBytes(64);
        if (presented == null || presented.length != LENGTH) return false;
        byte[] input = dialect.macInput(m);
        return switch (algorithm) {
            case RETAIL -> RetailMac.verify(key, input, presented);
            case AES_CMAC -> AesCmac.verify(key, input, presented);
        };
    }

    @Override
    public String toString() {
        return "EdgeMac[" + algorithm.text + "]";
    }
}
