package org.veil.cardswitch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.Dialect;
import org.veil.security.AesCmac;
import org.veil.security.Dukpt;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;
import org.veil.security.PinBlock;
import org.veil.security.RetailMac;

/**
 * What a test terminal does with the test keystore (cfg/keys), built from the security primitives and not from the
 * switch's classes: MAC a message, encrypt a PIN. Every MAC, PIN block and key it makes or sees is remembered, so a
 * test can look for them in the switch's logs and journal.
 */
final class TerminalSide {
    static final KeyVault VAULT = KeyVault.load(Path.of("..", "cfg", "keys", "TEST-ONLY-keys.p12"), "test-only-not-a-secret".toCharArray());
    static final String PIN = "4821";
    static final String KSN_BASE = "FFFF9876543210E";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    static {
        for (KeyRole r : KeyRole.values()) {
            if (VAULT.has(r.alias)) secret(VAULT.key(r.alias).getEncoded());
        }
    }

    static SecretKey key(KeyRole role) {
        return VAULT.key(role.alias);
    }

    /** Field 64 = retail MAC under {@code tak} of {@code m} as {@code dialect} packs it. */
    static ISOMsg retailMac(ISOMsg m, Dialect dialect, SecretKey tak) throws ISOException {
        m.set(64, secret(RetailMac.mac(tak, dialect.macInput(m))));
        return m;
    }

    /** Field 64 = first 8 bytes of the AES-CMAC under {@code takAes}. */
    static ISOMsg aesMac(ISOMsg m, Dialect dialect, SecretKey takAes) throws ISOException {
        m.set(64, secret(Arrays.copyOf(AesCmac.mac(takAes, dialect.macInput(m)), 8)));
        return m;
    }

    /** True when the answer's field 64 is its retail MAC under {@code tak}. */
    static boolean retailMacOk(ISOMsg answer, Dialect dialect, SecretKey tak) throws ISOException {
        byte[] mac = answer.getBytes(64);
        if (mac != null) secret(mac);
        return RetailMac.verify(tak, dialect.macInput(answer), mac);
    }

    static boolean aesMacOk(ISOMsg answer, Dialect dialect, SecretKey takAes) throws ISOException {
        byte[] mac = answer.getBytes(64);
        if (mac != null) secret(mac);
        return AesCmac.verify(takAes, dialect.macInput(answer), mac);
    }

    /** Field 52: {@link #PIN} as format 0 under the TDES {@code tpk}. */
    static void tdesPin(ISOMsg m, SecretKey tpk) {
        m.set(52, secret(PinBlock.encryptFormat0(tpk, PIN, m.getString(2))));
    }

    /** Field 52 under the DUKPT PIN key of KSN {@link #KSN_BASE} + counter, and the KSN in field 48 KS (after {@code more48}). */
    static void dukptPin(ISOMsg m, int counter, String more48) {
        String ksn = KSN_BASE + String.format("%05X", counter);
        SecretKey pinKey = Dukpt.pinKey(Dukpt.ipek(key(KeyRole.BDK), ksn), ksn);
        secret(pinKey.getEncoded());
        m.set(52, secret(PinBlock.encryptFormat0(pinKey, PIN, m.getString(2))));
        m.set(48, more48 + "KS020" + ksn);
    }

    /** Field 48 P4: {@link #PIN} as format 4 under the AES TPK, 32 hex characters (after {@code more48}). */
    static void aesPin(ISOMsg m, String more48) {
        byte[] block = secret(PinBlock.encryptFormat4(key(KeyRole.TPK_AES), PIN, m.getString(2)));
        m.set(48, more48 + "P4032" + HEX.formatHex(block));
    }

    /** The PIN in the host message's field 52, decrypted under the zone PIN key as the issuer does. */
    static String hostPin(ISOMsg host) {
        byte[] block = host.getBytes(52);
        secret(block);
        return new String(PinBlock.decryptFormat0(key(KeyRole.ZPK), block, host.getString(2)));
    }

    /** Remembers bytes that must never show in a log or the journal. */
    static byte[] secret(byte[] b) {
        SECRETS.add(HEX.formatHex(b));
        return b;
    }

    static int secretCount() {
        return SECRETS.size();
    }

    /** Where this JVM's switch (RunningSwitch) shows a remembered secret: its log files (switch.log, switch-q2.log) and journal. */
    static List<String> leaks() throws IOException, SQLException {
        List<String> found = new ArrayList<>(leaksInLogs(Path.of(System.getProperty("veil.log.dir"))));
        try (Connection c = SwitchDatabase.get().getConnection()) {
            found.addAll(leaksInJournal(c));
        }
        return found;
    }

    /** Log files under {@code dir} holding a remembered secret as hex (either case) or raw bytes. */
    static List<String> leaksInLogs(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                for (String s : SECRETS) if (holds(text, s)) found.add(f.getFileName() + " holds " + s.substring(0, 4) + "...");
            }
        }
        return found;
    }

    /** Journal columns holding a remembered secret. */
    static List<String> leaksInJournal(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM journal")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String v = rs.getString(i);
                    if (v == null) continue;
                    for (String s : SECRETS) {
                        if (holds(v, s)) found.add("journal row " + rs.getLong("id") + " " + md.getColumnName(i) + " holds " + s.substring(0, 4) + "...");
                    }
                }
            }
        }
        return found;
    }

    /** {@code text} holds the secret as hex (any case), as raw bytes, or as the hex of its hex (a VAN image in the journal). */
    private static boolean holds(String text, String hex) {
        String upper = text.toUpperCase();
        String raw = new String(HEX.parseHex(hex), StandardCharsets.ISO_8859_1);
        return upper.contains(hex) || text.contains(raw) || upper.contains(HEX.formatHex(hex.getBytes(StandardCharsets.US_ASCII)));
    }
}
