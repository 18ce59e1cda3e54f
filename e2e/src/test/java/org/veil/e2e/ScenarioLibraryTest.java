package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.veil.terminal.TerminalCli;

/**
 * The scenario library (scripts/scenarios) against a real stack, as {@code scripts/terminal run} runs it. Then the
 * switch's own journal, not the library's word, shows that every request MTI and every response code CONTRACT.md
 * lists went over the wire in both dialects.
 */
class ScenarioLibraryTest {
    private static final Set<String> CONTRACT_REQUESTS = Set.of(
            "0100", "0101", "0120", "0121", "0200", "0201", "0220", "0221", "0400", "0401", "0420", "0421", "0800");
    private static final Set<String> CONTRACT_CODES = Set.of("00", "10", "03", "05", "12", "13", "14", "15", "25", "30",
            "41", "43", "51", "54", "55", "57", "61", "62", "63", "65", "75", "91", "94", "96");

    @Test
    void theWholeLibraryPassesAndReachesEveryContractMessageAndCodeInBothDialects() throws Exception {
        Map<String, Set<String>> requests = new TreeMap<>();
        Map<String, Set<String>> codes = new TreeMap<>();
        Path report;
        try (VeilStack stack = StackFixture.start("scenarios", Map.of())) {
            report = stack.dataDir().resolve("scenarios-junit.xml");
            VeilStack.Ports p = stack.ports();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = TerminalCli.run(new String[] {"run", "--quiet",
                    "--terminal-port", String.valueOf(p.terminal()), "--van-port", String.valueOf(p.van()),
                    "--admin-url", "http://127.0.0.1:" + p.admin(), "--switch-url", "http://127.0.0.1:" + p.switchAdmin(),
                    "--key-state", stack.dataDir().resolve("terminal-keys").toString(),
                    "--keystore", VeilStack.findRoot().resolve("cfg/keys/TEST-ONLY-keys.p12").toString(),
                    "--junit", report.toString(), VeilStack.findRoot().resolve("scripts/scenarios").toString()},
                    new PrintWriter(out), new PrintWriter(err));
            assertEquals(TerminalCli.OK, code, out + "\n" + err);
            assertTrue(out.toString().contains(" 0 failed"), out.toString());
            StackFixture.assertLedgerAudits(stack.admin());
            stack.stopSwitch();
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + stack.dataDir().resolve("switch"), "sa", "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT dialect, mti, response_code FROM journal")) {
                while (rs.next()) {
                    requests.computeIfAbsent(rs.getString(1), d -> new TreeSet<>()).add(rs.getString(2));
                    if (rs.getString(3) != null) codes.computeIfAbsent(rs.getString(1), d -> new TreeSet<>()).add(rs.getString(3));
                }
            }
        }
        String xml = Files.readString(report);
        assertTrue(xml.contains("<testsuites") && xml.contains("failures=\"0\""), "JUnit report written: " + xml.substring(0, Math.min(300, xml.length())));
        for (String dialect : Set.of("TERMINAL", "VAN")) {
            Set<String> missingMti = new TreeSet<>(CONTRACT_REQUESTS);
            missingMti.removeAll(requests.getOrDefault(dialect, Set.of()));
            assertTrue(missingMti.isEmpty(), dialect + ": no scenario sent " + missingMti);
            Set<String> missingCodes = new TreeSet<>(CONTRACT_CODES);
            missingCodes.removeAll(codes.getOrDefault(dialect, Set.of()));
            assertTrue(missingCodes.isEmpty(), dialect + ": no scenario was answered " + missingCodes);
        }
    }
}
