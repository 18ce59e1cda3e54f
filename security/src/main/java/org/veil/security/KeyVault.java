package org.veil.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;

/**
 * The keys of one deployment, read from a PKCS12 keystore file outside the source tree (the test set lives in
 * cfg/keys and every alias there starts with "test-"). Keys never leave as text: callers get a SecretKey, logs and
 * listings get its check value.
 */
public final class KeyVault {
    private final Map<String, SecretKey> keys;

    private KeyVault(Map<String, SecretKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    /** The vault in {@code file}; one-line IllegalArgumentException when it is missing, not PKCS12, or the password is wrong. */
    public static KeyVault load(Path file, char[] password) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("keystore " + file + ": no such file");
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            Map<String, SecretKey> keys = new TreeMap<>();
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.getEntry(alias, protection) instanceof KeyStore.SecretKeyEntry e) keys.put(alias, e.getSecretKey());
            }
            return new KeyVault(keys);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("keystore " + file + ": permission denied");
        } catch (IOException | GeneralSecurityException e) {
            // A wrong password surfaces as an IOException whose cause says so. The line names no exception class (a
            // server prints it as its one line on a bad setting), and the key material is never in the text.
            throw new IllegalArgumentException("keystore " + file + " cannot be opened (wrong password, or not a PKCS12 keystore)");
        }
    }

    /** A vault holding exactly these keys (aliases to keys), e.g. a freshly generated set. */
    public static KeyVault of(Map<String, SecretKey> keys) {
        return new KeyVault(new TreeMap<>(keys));
    }

    /** Writes this vault as a PKCS12 file protected by {@code password}. */
    public void save(Path file, char[] password) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, password);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            for (Map.Entry<String, SecretKey> e : keys.entrySet()) {
                ks.setEntry(e.getKey(), new KeyStore.SecretKeyEntry(e.getValue()), protection);
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("keystore " + file + " cannot be written: " + e.getMessage(), e);
        }
    }

    /** The key under {@code alias}; a one-line IllegalStateException naming the alias when there is none. */
    public SecretKey key(String alias) {
        SecretKey k = keys.get(alias);
        if (k == null) throw new IllegalStateException("the keystore has no key " + alias);
        return k;
    }

    public boolean has(String alias) {
        return keys.containsKey(alias);
    }

    /** Alias, algorithm, length and check value of every key, in alias order: what may be shown of a key. */
    public List<KeyInfo> describe() {
        List<KeyInfo> out = new ArrayList<>();
        keys.forEach((alias, k) -> out.add(new KeyInfo(alias, k.getAlgorithm(), k.getEncoded().length * 8, CheckValue.of(k))));
        return out;
    }

    public record KeyInfo(String alias, String algorithm, int bits, String checkValue) {
        @Override
        public String toString() {
            return String.format("%-20s %-10s %4d bits  KCV %s", alias, algorithm, bits, checkValue);
        }
    }
}
