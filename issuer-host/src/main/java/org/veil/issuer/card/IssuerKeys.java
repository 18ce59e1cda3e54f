package org.veil.issuer.card;

import java.nio.file.Path;
import org.veil.security.KeyVault;

/** The issuer's keys from one keystore: card numbers at rest, and card security (PIN, CVV). */
public record IssuerKeys(PanVault pans, CardKeys cards) {

    /** Both sets from the keystore file; a one-line IllegalArgumentException naming the file when a key will not do. */
    public static IssuerKeys open(Path keystore, char[] password) {
        KeyVault keys = KeyVault.load(keystore, password); // its messages already name the file
        try {
            return new IssuerKeys(PanVault.from(keys), CardKeys.from(keys));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keystore " + keystore + " " + e.getMessage());
        }
    }
}
