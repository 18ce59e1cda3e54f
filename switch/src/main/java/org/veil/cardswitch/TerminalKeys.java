package org.veil.cardswitch;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.jpos.core.ConfigurationException;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.security.CheckValue;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;
import org.veil.security.WorkingKeys;

/**
 * Which key a terminal uses: its security profile (terminal-security.yml), the keystore's keys, and a TDES terminal's
 * working TPK and TAK after a key change (table terminal_keys, cached here). Keys never leave as text: logs name
 * their check values.
 */
public class TerminalKeys extends QBeanSupport {
    static final String NAME = "terminal-keys";
    private static final Logger log = LoggerFactory.getLogger(TerminalKeys.class);

    /** A TDES terminal's working keys, clear, in memory only. */
    private record Working(SecretKey tpk, SecretKey tak) {
        @Override
        public String toString() {
            return "Working[TPK KCV " + CheckValue.of(tpk) + ", TAK KCV " + CheckValue.of(tak) + "]";
        }
    }

    /** New working keys as the 0810 carries them: each under the TMK with its check value. */
    record Change(WorkingKeys.Issued tpk, WorkingKeys.Issued tak) {}

    private final ConcurrentHashMap<String, Optional<Working>> cache = new ConcurrentHashMap<>();
    private KeyVault vault;
    private TerminalProfiles profiles;
    private TerminalKeyTable table;

    @Override
    protected void initService() throws ConfigurationException {
        String keystore = cfg.get("keystore", "");
        try {
            vault = SwitchKeystore.open(keystore, cfg.get("keystore-password", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        profiles = TerminalProfiles.load(cfg.get("profiles", "cfg/switch/terminal-security.yml"));
        table = new TerminalKeyTable(SwitchDatabase.get(), SwitchDatabase.durability());
        log.info("terminal keys from {}: TMK KCV {}, zone PIN key KCV {}", keystore, CheckValue.of(key(KeyRole.TMK)),
                CheckValue.of(key(KeyRole.ZPK)));
        NameRegistrar.register(NAME, this);
    }

    @Override
    protected void destroyService() {
        NameRegistrar.unregister(NAME);
    }

    static TerminalKeys get() {
        TerminalKeys k = NameRegistrar.getIfExists(NAME);
        if (k == null) throw new IllegalStateException(NAME + " is not deployed");
        return k;
    }

    SecurityProfile profile(String terminalId) {
        return profiles.of(terminalId);
    }

    /** The key field 64 of this terminal is computed with: its working TAK, else the keystore's tak or tak-aes. */
    SecretKey macKey(String terminalId, SecurityProfile profile) {
        if (profile.mac() == SecurityProfile.Mac.AES_CMAC) return key(KeyRole.TAK_AES);
        return working(terminalId).map(Working::tak).orElseGet(() -> key(KeyRole.TAK));
    }

    /** The PIN key of a tdes or aes terminal: its working TPK, else the keystore's tpk or tpk-aes. */
    SecretKey pinKey(String terminalId, SecurityProfile profile) {
        if (profile.pin() == SecurityProfile.Pin.AES) return key(KeyRole.TPK_AES);
        return working(terminalId).map(Working::tpk).orElseGet(() -> key(KeyRole.TPK));
    }

    SecretKey key(KeyRole role) {
        return vault.key(role.alias);
    }

    /** Issues a new TPK and TAK for the terminal, keeps them (on disk, under the TMK) and uses them from now on. */
    Change change(String terminalId) throws SQLException {
        SecretKey tmk = key(KeyRole.TMK);
        WorkingKeys.Issued tpk = WorkingKeys.issue(tmk);
        WorkingKeys.Issued tak = WorkingKeys.issue(tmk);
        table.save(terminalId, new TerminalKeyTable.Row(tpk.underTmk(), tpk.checkValue(), tak.underTmk(), tak.checkValue(),
                CheckValue.of(tmk)));
        cache.put(terminalId, Optional.of(new Working(tpk.key(), tak.key())));
        log.info("terminal {} has new working keys: TPK KCV {}, TAK KCV {}", terminalId, tpk.checkValue(), tak.checkValue());
        return new Change(tpk, tak);
    }

    private Optional<Working> working(String terminalId) {
        if (terminalId == null) return Optional.empty();
        String id = terminalId.trim();
        Optional<Working> w = cache.get(id);
        if (w != null) return w;
        w = load(id);
        Optional<Working> raced = cache.putIfAbsent(id, w);
        return raced != null ? raced : w;
    }

    /** The terminal's stored keys, unwrapped under the TMK; none when it never changed keys or they are under another TMK. */
    private Optional<Working> load(String terminalId) {
        TerminalKeyTable.Row row;
        try {
            row = table.find(terminalId);
        } catch (SQLException e) {
            throw new IllegalStateException("terminal keys of " + terminalId + " unreadable: " + e.getMessage(), e);
        }
        if (row == null) return Optional.empty();
        SecretKey tmk = key(KeyRole.TMK);
        try {
            return Optional.of(new Working(WorkingKeys.accept(tmk, row.tpkUnderTmk(), row.tpkKcv()),
                    WorkingKeys.accept(tmk, row.takUnderTmk(), row.takKcv())));
        } catch (IllegalArgumentException e) {
            log.warn("terminal {}: stored working keys do not unwrap under the keystore's TMK (KCV {}, stored under {}); "
                    + "using the keystore's tpk and tak", terminalId, CheckValue.of(tmk), row.tmkKcv());
            return Optional.empty();
        }
    }
}
