package org.veil.cardswitch;

import java.nio.file.Path;
import java.util.List;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;

/**
 * The switch's keystore (veil.keystore): opened with its password and holding every key the switch uses. No logger
 * here: SwitchMain checks it before logback is pointed at cfg/switch/logback.xml.
 */
final class SwitchKeystore {
    /** The keys the switch uses: terminal keys, the DUKPT base key, the TMK for key changes, the zone PIN key. */
    static final List<KeyRole> ROLES = List.of(KeyRole.TMK, KeyRole.TPK, KeyRole.TAK, KeyRole.TPK_AES, KeyRole.TAK_AES,
            KeyRole.BDK, KeyRole.ZPK);

    private SwitchKeystore() {}

    /** The vault in {@code file}; a one-line IllegalArgumentException when it cannot be opened or lacks a key the switch uses. */
    static KeyVault open(String file, String password) {
        KeyVault vault = KeyVault.load(Path.of(file), password.toCharArray());
        for (KeyRole role : ROLES) {
            if (!vault.has(role.alias)) throw new IllegalArgumentException("keystore " + file + " has no key " + role.alias);
        }
        return vault;
    }
}
