package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.packagers.PrivateData;
import org.veil.http.LoopbackPorts;

/** cfg/switch/forced-outcomes.yml as the switch reads it: what a rule matches, and one clear line for a bad file. */
@Timeout(60)
class ForcedOutcomesFileTest {
    private static final String SHIPPED = Path.of("..", "cfg", "switch", "forced-outcomes.yml").toString();

    @TempDir
    Path dir;

    @Test
    void shippedRulesLoad() throws Exception {
        ForcedOutcomes shipped = ForcedOutcomes.load(SHIPPED);
        assertEquals(15, shipped.size());
        assertEquals("forced: amount ending 62 declines 62", shipped.match(request("0100", "FORC0003", "FORCED000000001", 862)).describe());
        assertNull(shipped.match(request("0100", "TERM0001", "MERCHANT0000001", 862)), "other merchants are not forced");
    }

    @Test
    void everyScopeGivenMustMatchAndFiltersNarrowIt() throws Exception {
        ForcedOutcomes rules = rules("""
                outcomes:
                  - name: card at one terminal
                    terminals: [T1]
                    card-prefixes: ["999908"]
                    processing-codes: ["00"]
                    respond: "62"
                  - name: card anywhere
                    card-prefixes: ["999908", "999907"]
                    mti: ["0100"]
                    respond: "05"
                """);
        assertEquals("card at one terminal", rules.match(request("0200", "T1", "M1", 100)).rule());
        assertNull(rules.match(request("0200", "T2", "M1", 100)), "another terminal, and 0200 is not in the second rule");
        assertEquals("card anywhere", rules.match(request("0100", "T2", "M1", 100)).rule());
        assertEquals("card anywhere", rules.match(request("0101", "T2", "M1", 100)).rule(), "a repeat matches its base MTI");
        ISOMsg refund = request("0100", "T1", "M1", 100);
        refund.set(3, "200000");
        assertEquals("card anywhere", rules.match(refund).rule(), "processing code 20 is not the first rule's");
        ISOMsg otherCard = request("0100", "T1", "M1", 100);
        otherCard.set(2, "9999000000000017");
        assertNull(rules.match(otherCard));
        ISOMsg swiped = request("0100", "T1", "M1", 100);
        swiped.unset(2);
        swiped.set(35, "9999070000000011=2912101");
        assertEquals("card anywhere", rules.match(swiped).rule(), "the PAN of track 2 counts");
        assertNull(rules.match(request("0400", "T1", "M1", 100)), "0400 is not matched unless listed");
    }

    @Test
    void partialNeedsPaYAndALesserAmountOrTheNextRuleApplies() throws Exception {
        ForcedOutcomes rules = rules("""
                outcomes:
                  - {name: fixed 500, merchants: [M1], amount-ends-with: "10", partial: 500}
                  - {name: otherwise 05, merchants: [M1], amount-ends-with: "10", respond: "05"}
                """);
        ISOMsg capable = request("0200", "T1", "M1", 1_010);
        capable.set(48, PrivateData.empty().with("OR", "order-1").with(PrivateData.PARTIAL_APPROVAL, "Y").format());
        ForcedTreatment t = rules.match(capable);
        assertEquals("fixed 500", t.rule());
        assertEquals(500, t.partialAmount());
        assertEquals("otherwise 05", rules.match(request("0200", "T1", "M1", 1_010)).rule(), "no PA=Y");
        ISOMsg small = request("0200", "T1", "M1", 410);
        small.set(48, capable.getString(48));
        assertEquals("otherwise 05", rules.match(small).rule(), "500 is not less than 410");
    }

    @Test
    void aBadRuleIsOneLineNamingTheFileAndTheProblem() throws Exception {
        String scope = "merchants: [M1], ";
        assertProblem("{name: x, amount-ends-with: \"51\", respond: \"51\"}", "outcome 1 'x': names no merchants, terminals or card-prefixes");
        assertProblem("{name: x, " + scope + "respond: \"51\", delay-ms: 100}", "outcome 1 'x': needs exactly one of respond, delay-ms, no-answer, partial, it has respond and delay-ms");
        assertProblem("{name: x, " + scope + "amount-ends-with: \"51\"}", "needs exactly one of respond, delay-ms, no-answer, partial, it has none");
        assertProblem("{name: x, " + scope + "respond: \"42\"}", "respond '42' is not a response code of the contract");
        assertProblem("{name: x, " + scope + "respond: \"00\"}", "respond cannot be 00");
        assertProblem("{name: x, " + scope + "respond: \"10\"}", "respond cannot be 10");
        assertProblem("{name: x, " + scope + "amount-end-with: \"51\", respond: \"51\"}", "outcome 1: unknown key 'amount-end-with'");
        assertProblem("{name: x, " + scope + "amount-ends-with: 05, respond: \"51\"}", "amount-ends-with value 5 must be quoted text");
        assertProblem("{name: x, " + scope + "delay-ms: 60001}", "delay-ms must be a whole number of milliseconds 1..60000");
        assertProblem("{name: x, " + scope + "no-answer: false}", "no-answer must be true");
        assertProblem("{name: x, " + scope + "partial: 150%}", "partial must be a percentage 1%..99%");
        assertProblem("{name: x, " + scope + "mti: [\"0400\"], partial: 50%}", "partial applies to 0100 and 0200 only");
        assertProblem("{name: x, " + scope + "mti: [\"0101\"], respond: \"05\"}", "mti 0101 is not one of");
        assertProblem("{" + scope + "respond: \"05\"}", "outcome 1: needs a 'name'");
        assertProblem("{name: x, " + scope + "respond: \"05\"}\n  - {name: x, " + scope + "respond: \"51\"}", "outcome 2: name 'x' is used twice");
    }

    @Test
    void theSwitchRefusesToStartWithOneLine() throws Exception {
        Path cfg = dir.resolve("cfg");
        copy(Path.of("..", "cfg", "switch"), cfg.resolve("switch"));
        Path bad = cfg.resolve("switch").resolve("forced-outcomes.yml");
        Files.writeString(bad, "outcomes:\n  - {name: loose, amount-ends-with: \"51\", respond: \"51\"}\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dveil.terminal.port=" + LoopbackPorts.free(), "-Dveil.van.port=" + LoopbackPorts.free(), "-Dveil.issuer.port=" + LoopbackPorts.free(),
                "-Dveil.cfg.dir=" + cfg, "-Dveil.data.dir=" + dir.resolve("data"), "-Dveil.log.dir=" + dir.resolve("log"),
                "org.veil.cardswitch.SwitchMain"));
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the switch exits");
            assertEquals(2, p.exitValue());
            assertEquals(List.of("switch: " + bad + ": outcome 1 'loose': names no merchants, terminals or card-prefixes"
                    + " (a rule must say whom it is for)"), Files.readAllLines(err, StandardCharsets.UTF_8));
            assertEquals("", Files.readString(dir.resolve("stdout.txt")), "no ready line");
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
    }

    private void assertProblem(String rule, String expected) throws IOException {
        Path file = dir.resolve("forced-outcomes.yml");
        Files.writeString(file, "outcomes:\n  - " + rule + "\n");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ForcedOutcomes.load(file.toString()), rule);
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' says " + expected);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private ForcedOutcomes rules(String yaml) throws Exception {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, yaml);
        return ForcedOutcomes.load(file.toString());
    }

    private static ISOMsg request(String mti, String terminal, String merchant, long amount) {
        ISOMsg m = new ISOMsg(mti);
        m.set(2, "9999080000000018");
        m.set(3, "000000");
        m.set(4, String.format("%012d", amount));
        m.set(41, terminal);
        m.set(42, merchant);
        return m;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }

}
