package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.veil.security.KeyRole;
import org.veil.security.KeyVault;

/**
 * The two server mains as child processes with a bad property, argument or cfg file: one line on stderr
 * saying what is wrong, exit 2, within seconds (before Q2 starts), and no data or log directory made.
 */
@Timeout(120)
class ServerMainBadInputTest {
    private static final String ISSUER = "org.veil.issuer.IssuerHostMain";
    private static final String SWITCH = "org.veil.cardswitch.SwitchMain";

    /** A cfg edit: the file under a copy of cfg/ and its new content (null deletes it). */
    private record Broken(String file, String content) {}

    static Stream<Arguments> badStarts() {
        return Stream.of(
                bad(ISSUER, "veil.admin.port must be a TCP port (0-65535), got 'abc'", "-Dveil.admin.port=abc"),
                bad(ISSUER, "veil.issuer.port must be a TCP port (0-65535), got '70000'", "-Dveil.issuer.port=70000"),
                bad(ISSUER, "veil.wallet.port must be a TCP port (0-65535), got 'eighty'", "-Dveil.wallet.port=eighty"),
                bad(ISSUER, "veil.wallet.session.minutes must be a number of minutes", "-Dveil.wallet.session.minutes=0"),
                bad(ISSUER, "veil.holds.sweep.seconds must be a whole number of seconds", "-Dveil.holds.sweep.seconds=soon"),
                bad(ISSUER, "deploy directory", "-Dveil.cfg.dir=no-such-cfg"),
                bad(ISSUER, "veil.cpus: '3/2' needs 1 <= K <= N in K/N", "-Dveil.cpus=3/2"),
                Arguments.of(ISSUER, "veil.cpus: CPU 1023 is not one this process may use (", List.of(
                        "--enable-native-access=ALL-UNNAMED", "-Dveil.cpus=1023"), List.of(), null),
                Arguments.of(ISSUER, "unexpected argument '--port'", List.of(), List.of("--port", "9583"), null),
                Arguments.of(ISSUER, "products.yml: not valid YAML at line", List.of(), List.of(),
                        new Broken("issuer/products.yml", "products:\n  - {code: X, bin: \n")),
                Arguments.of(ISSUER, "products.yml: product 1: 'maxBalance' must be a whole number, got 'lots'", List.of(), List.of(),
                        new Broken("issuer/products.yml", "products:\n  - {code: X, bin: '9', currency: '840', panLength: 16,"
                                + " validityMonths: 36, maxTransaction: 1, maxBalance: lots, holdExpirySeconds: 1}\n")),
                Arguments.of(ISSUER, "products.yml: no such file", List.of(), List.of(), new Broken("issuer/products.yml", null)),
                bad(ISSUER, "keystore no-such-keys.p12: no such file", "-Dveil.keystore=no-such-keys.p12"),
                bad(ISSUER, "keys/TEST-ONLY-keys.p12 cannot be opened (wrong password", "-Dveil.keystore.password=wrong-password"),
                Arguments.of(ISSUER, "keys/TEST-ONLY-keys.p12 cannot be opened", List.of(), List.of(),
                        new Broken("keys/TEST-ONLY-keys.p12", "not a keystore\n")),
                bad(SWITCH, "veil.terminal.port must be a port number 1..65535, got 'abc'", "-Dveil.terminal.port=abc"),
                bad(SWITCH, "veil.van.port must be a port number 1..65535, got '70000'", "-Dveil.van.port=70000"),
                bad(SWITCH, "veil.issuer.timeout.ms must be a positive number of milliseconds, got 'soon'", "-Dveil.issuer.timeout.ms=soon"),
                bad(SWITCH, "veil.cpus: 'half' is not K/N (say 1/2), a CPU list (say 0-3,8) or all", "-Dveil.cpus=half"),
                Arguments.of(SWITCH, "unexpected argument 'start'", List.of(), List.of("start"), null),
                Arguments.of(SWITCH, "routes.yml: not valid YAML at line 1", List.of(), List.of(),
                        new Broken("switch/routes.yml", "routes: : : [\n")),
                Arguments.of(SWITCH, "routes.yml: route 9999 names unknown link 'nowhere'", List.of(), List.of(),
                        new Broken("switch/routes.yml", "links: {prepaid: mux.prepaid}\nroutes:\n  - {prefix: '9999', link: nowhere}\n")),
                Arguments.of(SWITCH, "acceptors.yml: no such file", List.of(), List.of(), new Broken("switch/acceptors.yml", null)),
                Arguments.of(SWITCH, "forced-outcomes.yml: outcome 1 'slow decline': needs exactly one of respond, delay-ms,"
                        + " no-answer, partial, it has respond and delay-ms", List.of(), List.of(), new Broken("switch/forced-outcomes.yml",
                        "outcomes:\n  - {name: slow decline, merchants: [M1], respond: '05', delay-ms: 500}\n")));
    }

    private static Arguments bad(String main, String saying, String property) {
        return Arguments.of(main, saying, List.of(property), List.of(), null);
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("badStarts")
    void badSettingIsOneLineAndExit2BeforeAnythingIsWritten(String main, String saying, List<String> properties,
                                                             List<String> args, Broken broken, @TempDir Path dir) throws Exception {
        Path root = VeilStack.findRoot();
        List<String> options = new ArrayList<>(List.of("-Dveil.data.dir=" + dir.resolve("data"), "-Dveil.log.dir=" + dir.resolve("log"),
                "-Dveil.issuer.port=1", "-Dveil.admin.port=1", "-Dveil.terminal.port=1", "-Dveil.van.port=1"));
        if (broken != null) options.add("-Dveil.cfg.dir=" + brokenCfg(root, dir.resolve("cfg"), broken));
        options.addAll(properties); // the later -D wins
        ChildJvm.Exit exit = ChildJvm.run(main, options, args, root, Duration.ofSeconds(30));
        String prefix = main.equals(ISSUER) ? "issuer-host: " : "switch: ";
        assertEquals(2, exit.code(), exit.err());
        assertEquals("", exit.out(), "stdout");
        assertEquals(1, exit.err().lines().count(), "stderr: " + exit.err());
        assertTrue(exit.err().startsWith(prefix) && exit.err().contains(saying), "'" + exit.err().strip() + "' should say " + saying);
        for (String leak : List.of("Exception", "\tat ", "at org.", "<log")) assertFalse(exit.err().contains(leak), exit.err());
        assertFalse(Files.exists(dir.resolve("data")), "a data directory was made");
        assertFalse(Files.exists(dir.resolve("log")), "a log directory was made");
    }

    @Test
    void aKeystoreWithoutTheCardNumberKeysIsOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("other-keys.p12");
        KeyVault.of(Map.of(KeyRole.BDK.alias, KeyRole.BDK.generate(new SecureRandom()))).save(keystore, "other-password".toCharArray());
        ChildJvm.Exit exit = ChildJvm.run(ISSUER, List.of("-Dveil.data.dir=" + dir.resolve("data"), "-Dveil.log.dir=" + dir.resolve("log"),
                "-Dveil.keystore=" + keystore, "-Dveil.keystore.password=other-password"), List.of(), VeilStack.findRoot(), Duration.ofSeconds(30));
        assertEquals(2, exit.code(), exit.err());
        assertEquals("issuer-host: keystore " + keystore + " has no key pan-key (card numbers at rest need it)", exit.err().strip());
        assertFalse(Files.exists(dir.resolve("data")), "a data directory was made");
    }

    /**
     * A bad value in a deploy descriptor fails its service's start, which Q2 only logs: the main says which service did
     * not start and where its log is, in one line, and exits 1 within seconds, not after waiting for its ports.
     */
    @ParameterizedTest(name = "[{index}] {0}: {2}")
    @CsvSource(delimiter = '|', value = {
            ISSUER + " | issuer/deploy/10_database.xml | redo-checkpoint-seconds | issuer-database | issuer-q2.log"
                    + " | redo-checkpoint-seconds: must be at least 1, got 0",
            SWITCH + " | switch/deploy/11_journal.xml  | expected-keys           | journal-store   | switch-q2.log"
                    + " | expected-keys: must be at least 1, got 0",
            SWITCH + " | switch/deploy/11_journal.xml  | batch-size              | journal-store   | switch-q2.log"
                    + " | batch-size: must be at least 1, got 0",
            SWITCH + " | switch/deploy/10_database.xml | cache-kb                | switch-db       | switch-q2.log"
                    + " | cache-kb: must be at least 1, got 0"})
    void aServiceThatFailsToStartIsOneLineAndExit1(String main, String file, String property, String service, String log,
                                                   String logged, @TempDir Path dir) throws Exception {
        Path root = VeilStack.findRoot();
        String descriptor = Files.readString(root.resolve("cfg").resolve(file));
        String broken = descriptor.replaceFirst("name=\"" + property + "\" value=\"[^\"]*\"", "name=\"" + property + "\" value=\"0\"");
        assertFalse(broken.equals(descriptor), "the descriptor sets " + property);
        VeilStack.Ports ports = VeilStack.Ports.free();
        List<String> options = List.of("-Dveil.data.dir=" + dir.resolve("data"), "-Dveil.log.dir=" + dir.resolve("log"),
                "-Dveil.cfg.dir=" + brokenCfg(root, dir.resolve("cfg"), new Broken(file, broken)),
                "-Dveil.terminal.port=" + ports.terminal(), "-Dveil.van.port=" + ports.van(), "-Dveil.issuer.port=" + ports.issuerLink(),
                "-Dveil.admin.port=" + ports.admin(), "-Dveil.switch.admin.port=" + ports.switchAdmin(),
                "-Dveil.wallet.port=" + ports.wallet(), "-Dveil.gateway.port=" + ports.gateway(), "-Dveil.credit.port=" + ports.credit());
        long t0 = System.nanoTime();
        ChildJvm.Exit exit = ChildJvm.run(main, options, List.of(), root, Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - t0) / 1e9;
        String prefix = main.equals(ISSUER) ? "issuer-host: " : "switch: ";
        assertEquals(1, exit.code(), exit.err());
        String line = exit.err().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith(prefix + "failed to start: ") && line.endsWith(" did not start, see " + dir.resolve("log").resolve(log)), line);
        assertTrue(line.contains(service), line);
        assertTrue(seconds < 30, "took " + seconds + " s");
        assertTrue(Files.readString(dir.resolve("log").resolve(log)).contains(logged), "the log says why");
    }

    /** A copy of the repository's cfg/ with one file replaced or removed. */
    private static Path brokenCfg(Path root, Path cfg, Broken broken) throws IOException {
        Path from = root.resolve("cfg");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = cfg.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
        Path target = cfg.resolve(broken.file());
        if (broken.content() == null) Files.delete(target);
        else Files.writeString(target, broken.content());
        return cfg;
    }
}
