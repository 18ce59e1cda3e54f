package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.jpos.core.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;
import org.veil.http.LoopbackPorts;

/**
 * The keystore and cfg/switch/terminal-security.yml as SwitchMain checks them: a bad one stops the start with one line
 * and exit 2 before anything is written; the shipped file reads as documented.
 */
@Timeout(90)
class EdgeSecurityConfigTest {
    @TempDir
    Path dir;

    @Test
    void aBadKeystoreOrProfileFileStopsTheStartWithOneLine() throws Exception {
        try (SwitchProcess process = new SwitchProcess(dir, LoopbackPorts.free())) {
            assertRefused(process, "keystore ../cfg/keys/TEST-ONLY-keys.p12 cannot be opened (wrong password",
                    "-Dveil.keystore=../cfg/keys/TEST-ONLY-keys.p12", "-Dveil.keystore.password=guess");
            Path cfg = copyOfCfg();
            Path profiles = cfg.resolve("switch").resolve("terminal-security.yml");
            Files.writeString(profiles, "default: { mac: retail, pin: tdes }\nterminals:\n  TERM0001: { pin: rsa }\n");
            assertRefused(process, profiles + ": terminal TERM0001: pin 'rsa' must be tdes, dukpt or aes", "-Dveil.cfg.dir=" + cfg);
        }
        assertFalse(Files.exists(dir.resolve("data")), "nothing was started");
        assertFalse(Files.exists(dir.resolve("log")), "nothing was logged");
    }

    @Test
    void keystoreProblemsAreOneLineEach() throws Exception {
        Path missing = dir.resolve("no-such.p12");
        assertEquals("keystore " + missing + ": no such file",
                assertThrows(IllegalArgumentException.class, () -> SwitchKeystore.open(missing.toString(), "x")).getMessage());
        Map<String, SecretKey> keys = new HashMap<>();
        for (KeyRole r : KeyRole.values()) if (r != KeyRole.ZPK) keys.put(r.alias, TerminalSide.key(r));
        Path partial = dir.resolve("partial.p12");
        KeyVault.of(keys).save(partial, "pw".toCharArray());
        assertEquals("keystore " + partial + " has no key zpk-prepaid",
                assertThrows(IllegalArgumentException.class, () -> SwitchKeystore.open(partial.toString(), "pw")).getMessage());
        assertTrue(SwitchKeystore.open("../cfg/keys/TEST-ONLY-keys.p12", "test-only-not-a-secret").has("tmk"));
    }

    @Test
    void theShippedProfilesReadAsDocumented() throws Exception {
        TerminalProfiles p = TerminalProfiles.load("../cfg/switch/terminal-security.yml");
        assertEquals(new SecurityProfile(SecurityProfile.Mac.RETAIL, SecurityProfile.Pin.TDES, false), p.of("TERM0001"));
        assertEquals(new SecurityProfile(SecurityProfile.Mac.RETAIL, SecurityProfile.Pin.TDES, false), p.of(null));
        assertEquals(new SecurityProfile(SecurityProfile.Mac.AES_CMAC, SecurityProfile.Pin.AES, false), p.of("TERM0003"));
        assertEquals(new SecurityProfile(SecurityProfile.Mac.RETAIL, SecurityProfile.Pin.DUKPT, false), p.of("VAN00004 "));
        assertEquals(new SecurityProfile(SecurityProfile.Mac.RETAIL, SecurityProfile.Pin.TDES, true), p.of("TERM0009"));
        assertTrue(p.of("TERM0001").changesKeys());
        assertFalse(p.of("TERM0003").changesKeys());
        assertFalse(p.of("TERM0004").changesKeys());
    }

    @Test
    void badProfileFilesAreOneLineEach() throws Exception {
        assertProblem("default: { mac: rot13 }\n", "default: mac 'rot13' must be retail or aes-cmac");
        assertProblem("default: { require-mac: yes-please }\n", "default: require-mac must be true or false");
        assertProblem("default: { mac: retail, pn: tdes }\n", "default: unknown key 'pn' (mac, pin, require-mac)");
        assertProblem("defaults: {}\n", "unknown key 'defaults' (the file holds 'default' and 'terminals')");
        assertProblem("terminals: [TERM0001]\n", "'terminals' must map terminal ids to profiles");
        assertProblem("terminals:\n  TERM00001: { pin: aes }\n", "terminal id 'TERM00001' must be 1 to 8 printable characters");
        assertProblem("terminals:\n  TERM0001: aes\n", "terminal TERM0001 must be a mapping of mac, pin, require-mac");
        Path missing = dir.resolve("none.yml");
        assertEquals(missing + ": no such file",
                assertThrows(ConfigurationException.class, () -> TerminalProfiles.load(missing.toString())).getMessage());
    }

    private void assertProblem(String yaml, String expected) throws IOException {
        Path file = dir.resolve("terminal-security.yml");
        Files.writeString(file, yaml);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> TerminalProfiles.load(file.toString()), yaml);
        assertEquals(file + ": " + expected, e.getMessage());
    }

    private static void assertRefused(SwitchProcess process, String saying, String... properties) throws Exception {
        SwitchProcess.Refusal r = process.refused(properties);
        assertEquals(2, r.status(), String.join("\n", r.stderr()));
        assertEquals(1, r.stderr().size(), "one line: " + r.stderr());
        assertTrue(r.stderr().get(0).startsWith("switch: " + saying), "'" + r.stderr().get(0) + "' should say " + saying);
        assertEquals("", r.stdout());
    }

    private Path copyOfCfg() throws IOException {
        Path from = Path.of("..", "cfg");
        Path to = dir.resolve("cfg");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
        return to;
    }
}
