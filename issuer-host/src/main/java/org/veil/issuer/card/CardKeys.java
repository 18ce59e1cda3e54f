package org.veil.issuer.card;

import java.util.Arrays;
import javax.crypto.SecretKey;
import org.veil.security.CheckValue;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;

/**
 * The keys of card security at the issuer: the zone PIN key the switch sends PIN blocks under, the PIN verification
 * key (Visa PVV) and the card verification key pair (CVV, CVV2, iCVV). All double-length TDES.
 */
public record CardKeys(SecretKey zpk, SecretKey pvk, SecretKey cvk) {

    /** The keystore's zpk-prepaid, pvk and cvk; a one-line IllegalArgumentException when one is missing or not TDES. */
    public static CardKeys from(KeyVault keys) {
        return new CardKeys(tdes(keys, KeyRole.ZPK, "PIN blocks from the switch"), tdes(keys, KeyRole.PVK, "PIN verification"),
                tdes(keys, KeyRole.CVK, "card verification values"));
    }

    private static SecretKey tdes(KeyVault keys, KeyRole role, String use) {
        if (!keys.has(role.alias)) throw new IllegalArgumentException("has no key " + role.alias + " (the issuer needs it for " + use + ")");
        SecretKey k = keys.key(role.alias);
        byte[] material = k.getEncoded();
        boolean ok = "DESede".equals(k.getAlgorithm()) && material != null && (material.length == 16 || material.length == 24);
        if (material != null) Arrays.fill(material, (byte) 0);
        if (!ok) throw new IllegalArgumentException("key " + role.alias + " must be a double-length TDES (DESede) key");
        return k;
    }

    /** The keys by check value only. */
    @Override
    public String toString() {
        return "CardKeys[" + KeyRole.ZPK.alias + " KCV " + CheckValue.of(zpk) + ", " + KeyRole.PVK.alias + " KCV " + CheckValue.of(pvk)
                + ", " + KeyRole.CVK.alias + " KCV " + CheckValue.of(cvk) + "]";
    }
}
