package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.veil.packagers.Dialect;
import org.veil.packagers.Mti;
import org.veil.packagers.PrivateData;
import org.veil.security.KeyRole;
import org.veil.security.WorkingKeys;
import org.veil.http.LoopbackPorts;

/**
 * SwitchMain as it is launched (its own JVM): one ready line, a clean stop on SIGTERM, and what must survive a
 * restart: a reversal queued before the stop is delivered after it, as a repeat (2421), and a terminal's working keys
 * from a key change are still its keys, and a repeat of a request answered before the stop gets that answer. Its own switch.log and journal hold no PIN block, key or MAC.
 */
@Timeout(90)
class SwitchProcessTest {
    private static final SecretKey TAK = TerminalSide.key(KeyRole.TAK);
    private static final String KEYED = "LTKEY009";
    @TempDir
    Path dir;
    private SwitchProcess process;
    private IssuerStandIn issuer;

    @AfterEach
    void stopWhatWasStarted() throws IOException, InterruptedException {
        if (process != null) process.close();
        if (issuer != null) issuer.close();
    }

    /**
     * With veil.cpus (cfg/switch/jvm.options) the switch's own threads run on their share of the CPUs, and the JVM's
     * collector and VM threads, started before main, keep them all (a bad spec: ServerMainBadInputTest).
     */
    @Test
    void aCpuShareHoldsTheSwitchsOwnThreadsNotTheCollectors() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
        process = new SwitchProcess(dir, LoopbackPorts.free());
        String ready = process.start("--enable-native-access=ALL-UNNAMED", "-Dveil.cpus=2/2");
        Matcher m = Pattern.compile(", threads on CPU ([0-9,-]+) \\(veil\\.cpus=2/2 of ([0-9,-]+)\\)$").matcher(ready);
        assertTrue(m.find(), ready);
        Map<String, String> cpusByThread = cpusByThread(process.pid());
        assertEquals(m.group(1), cpusByThread.get("journal-writer"), cpusByThread.toString());
        assertEquals(m.group(2), cpusByThread.get("GC Thread#0"), cpusByThread.toString());
        assertEquals(m.group(2), cpusByThread.get("VM Thread"), cpusByThread.toString());
    }

    /** Each thread's name and the CPUs it may run on, from /proc (Cpus_allowed_list, as taskset writes a list). */
    private static Map<String, String> cpusByThread(long pid) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("Cpus_allowed_list:")) out.put(name, line.substring(line.indexOf(':') + 1).strip());
                    }
                } catch (NoSuchFileException ended) {
                    // a thread that ended while the list was read
                }
            }
        }
        return out;
    }

    @Test
    void readyLineSigtermAndReversalAndWorkingKeysSurviveRestart() throws Exception {
        int issuerPort = LoopbackPorts.free();
        issuer = new IssuerStandIn(issuerPort);
        issuer.answerWith(IssuerStandIn::silent);
        issuer.start();
        process = new SwitchProcess(dir, issuerPort);

        String ready = process.start();
        assertEquals("veil switch ready: terminal 127.0.0.1:" + process.terminalPort + ", van 127.0.0.1:" + process.vanPort
                + ", issuer links 127.0.0.1:" + issuerPort + " and 127.0.0.1:" + issuerPort
                + ", control http://127.0.0.1:" + process.controlPort + ", threads on every CPU", ready);
        ISOMsg sale;
        SecretKey newTpk;
        SecretKey newTak;
        try (EdgeClient t = EdgeClient.terminal(process.terminalPort)) {
            sale = t.request("0200", EdgeClient.PAN, 2_500);
            assertEquals("91", t.ask(sale).getString(39));
            ISOMsg change = t.ask(TerminalSide.retailMac(EdgeSecurityTest.keyChange(t, KEYED), Dialect.TERMINAL, TAK));
            assertEquals("00", change.getString(39), "key change");
            PrivateData keys = PrivateData.parse(change.getString(48));
            newTpk = accept(keys.get("PK"));
            newTak = accept(keys.get("MK"));
        }
        SwitchTest.awaitTrue(() -> reversals().size() >= 1);
        String original = reversals().get(0).getString(56);

        process.stop(); // SIGTERM
        issuer.received().clear();
        issuer.answerWith(r -> Mti.messageClass(r.getString(0)) == '4' ? IssuerStandIn.answer(r, "0400") : IssuerStandIn.approve(r));

        process.start();
        SwitchTest.awaitTrue(() -> reversals().size() >= 1);
        ISOMsg redelivered = reversals().get(0);
        assertEquals("2421", redelivered.getMTI(), "a redelivery is a repeat");
        assertEquals(original, redelivered.getString(56));
        try (EdgeClient t = EdgeClient.terminal(process.terminalPort)) {
            // The issuer approves now: a 00 would mean the restarted switch forgot the key it journaled before.
            assertEquals("91", t.ask(sale).getString(39), "a repeat across the restart is answered from the journal");
            ISOMsg keyed = pinSale(t, newTpk, newTak);
            ISOMsg resp = t.ask(keyed);
            assertEquals("00", resp.getString(39), "MAC and PIN block under the new keys after the restart");
            assertTrue(TerminalSide.retailMacOk(resp, Dialect.TERMINAL, newTak), "answer MACed under the new TAK");
            ISOMsg host = issuer.received().stream().filter(m -> m.getString(11).endsWith(keyed.getString(11))).findFirst().orElseThrow();
            assertEquals(TerminalSide.PIN, TerminalSide.hostPin(host));
            ISOMsg old = pinSale(t, TerminalSide.key(KeyRole.TPK), TAK);
            assertEquals("63", t.ask(old).getString(39), "the old TAK is not the terminal's any more");
        }
        Thread.sleep(1_500);
        assertEquals(1, reversals().size(), "acknowledged once, sent no more");
        process.stop();

        assertTrue(Files.readString(process.logDir().resolve("switch.log")).contains("terminal " + KEYED + " has new working keys: TPK KCV"),
                "the switch's own log names keys by their check values");
        assertEquals(List.of(), TerminalSide.leaksInLogs(process.logDir()));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data").resolve("switch").toAbsolutePath(), "sa", "")) {
            assertEquals(List.of(), TerminalSide.leaksInJournal(c));
        }
    }

    private List<ISOMsg> reversals() {
        return issuer.received().stream().filter(m -> m.getString(0).startsWith("242")).toList();
    }

    private static SecretKey accept(String travelling) {
        byte[] underTmk = TerminalSide.secret(HexFormat.of().parseHex(travelling.substring(0, 32)));
        SecretKey key = WorkingKeys.accept(TerminalSide.key(KeyRole.TMK), underTmk, travelling.substring(32));
        TerminalSide.secret(key.getEncoded());
        return key;
    }

    private static ISOMsg pinSale(EdgeClient t, SecretKey tpk, SecretKey tak) throws Exception {
        ISOMsg m = t.request("0200", EdgeClient.PAN, 1_000);
        m.set(41, KEYED);
        m.set(42, "LOADTEST0000001");
        TerminalSide.tdesPin(m, tpk);
        return TerminalSide.retailMac(m, Dialect.TERMINAL, tak);
    }
}
