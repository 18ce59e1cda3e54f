package org.veil.terminal;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.SecretKey;
import org.veil.security.CheckValue;
import org.veil.security.Dukpt;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;
import org.veil.security.WorkingKeys;

/**
 * One terminal's keys: what it was injected with (from the keystore: TMK, TPK, TAK, their AES twins and, for DUKPT,
 * its IPEK derived from the BDK and its base KSN), the working TPK and TAK it took from its last key change, and its
 * DUKPT counter. With a {@link WorkingKeyFile} the working keys outlive the run (the switch remembers them too).
 * Never shows a key: only check values. Thread-safe.
 */
public final class TerminalKeys {
    public static final String DEFAULT_KEYSTORE = "cfg/keys/TEST-ONLY-keys.p12";
    public static final String DEFAULT_PASSWORD = "test-only-not-a-secret";
    private static final List<KeyRole> TERMINAL_ROLES =
            List.of(KeyRole.BDK, KeyRole.TMK, KeyRole.TPK, KeyRole.TAK, KeyRole.TPK_AES, KeyRole.TAK_AES);

    /** A DUKPT PIN key and the KSN it belongs to (which goes in field 48 KS). */
    public record DukptKey(String ksn, SecretKey pinKey) {
        @Override
        public String toString() {
            return "DukptKey[" + ksn + "]";
        }
    }

    /** The check values of newly accepted working keys: what may be shown of them. */
    public record NewKeys(String tpkCheckValue, String takCheckValue) {}

    private final KeyVault vault;
    private final KsnCounter ksns;
    private final SecretKey ipek;
    private final String terminalId;
    private final WorkingKeyFile saved;
    private SecretKey workingTpk;
    private SecretKey workingTak;

    /** Keys for this run only: a key change is forgotten at the end. */
    public TerminalKeys(KeyVault vault, KsnCounter ksns) {
        this(vault, ksns, null, null);
    }

    /**
     * The keys of {@code terminalId}, starting from the working keys saved in {@code saved} (when there are any) and
     * saving there the keys of each key change. IllegalArgumentException when the saved keys do not decrypt under
     * this keystore's TMK to their check values.
     */
    public TerminalKeys(KeyVault vault, KsnCounter ksns, String terminalId, WorkingKeyFile saved) {
        for (KeyRole role : TERMINAL_ROLES) {
            if (!vault.has(role.alias)) throw new IllegalArgumentException("the keystore has no key " + role.alias + " (a terminal needs bdk, tmk, tpk, tak, tpk-aes and tak-aes)");
        }
        this.vault = vault;
        this.ksns = ksns;
        this.ipek = Dukpt.ipek(vault.key(KeyRole.BDK.alias), ksns.base());
        this.terminalId = terminalId;
        this.saved = saved;
        if (saved != null) {
            saved.load(terminalId).ifPresent(pkMk -> {
                try {
                    workingTpk = accept("PK", pkMk[0]);
                    workingTak = accept("MK", pkMk[1]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the working keys saved in " + saved.file(terminalId)
                            + " do not fit this keystore (" + e.getMessage() + "): delete that file");
                }
            });
        }
    }

    /** The keystore at {@code file}; one-line IllegalArgumentException when it cannot be opened or lacks a terminal key. */
    public static KeyVault vault(Path file, String password) {
        try {
            return KeyVault.load(file, password.toCharArray());
        } catch (IllegalArgumentException e) {
            // the vault's text names the exception class; a terminal user needs what to change
            if (e.getMessage().contains("cannot be opened")) {
                throw new IllegalArgumentException("keystore " + file + " cannot be opened: wrong password, or not a PKCS12 file");
            }
            throw e;
        }
    }

    public synchronized SecretKey tpk() {
        return workingTpk != null ? workingTpk : vault.key(KeyRole.TPK.alias);
    }

    public synchronized SecretKey tak() {
        return workingTak != null ? workingTak : vault.key(KeyRole.TAK.alias);
    }

    public SecretKey tpkAes() {
        return vault.key(KeyRole.TPK_AES.alias);
    }

    public SecretKey takAes() {
        return vault.key(KeyRole.TAK_AES.alias);
    }

    /** The PIN key of the next DUKPT transaction (the counter advances). */
    public DukptKey nextDukpt() {
        String ksn = ksns.next();
        return new DukptKey(ksn, Dukpt.pinKey(ipek, ksn));
    }

    /**
     * Takes the TPK and TAK of a key change answer (field 48 PK and MK: 32 hex characters of the key under the TMK,
     * then its 6-hex check value). Both are checked before either replaces the current one; IllegalArgumentException
     * (one line, check values only) when one is missing, malformed or does not match its check value.
     */
    public NewKeys acceptKeyChange(String pk, String mk) {
        SecretKey tpk = accept("PK", pk);
        SecretKey tak = accept("MK", mk);
        synchronized (this) {
            workingTpk = tpk;
            workingTak = tak;
            if (saved != null) saved.save(terminalId, pk, mk);
        }
        return new NewKeys(CheckValue.of(tpk), CheckValue.of(tak));
    }

    private SecretKey accept(String tag, String value) {
        if (value == null) throw new IllegalArgumentException("the key change answer has no field 48 " + tag);
        if (!value.matches("[0-9A-Fa-f]{38}")) {
            throw new IllegalArgumentException("field 48 " + tag + " must be 38 hex characters (key under the TMK + check value), got " + value.length() + " characters");
        }
        byte[] underTmk = HexFormat.of().parseHex(value.substring(0, 32));
        try {
            return WorkingKeys.accept(vault.key(KeyRole.TMK.alias), underTmk, value.substring(32));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(tag + ": " + e.getMessage());
        }
    }
}
