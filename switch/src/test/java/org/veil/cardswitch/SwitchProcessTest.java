package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SwitchMain as it is launched (its own JVM): one ready line, a clean stop on SIGTERM, and a
 * reversal queued before the stop delivered after the restart, as a repeat (2421).
 */
@Timeout(90)
class SwitchProcessTest {
    @TempDir
    Path dir;
    private Process process;
    private int controlPort;
    private IssuerStandIn issuer;

    @AfterEach
    void stopWhatWasStarted() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly();
        }
        if (issuer != null) issuer.close();
    }

    @Test
    void readyLineSigtermAndReversalSurvivesRestart() throws Exception {
        int terminalPort = freePort();
        int vanPort = freePort();
        int issuerPort = freePort();
        controlPort = freePort();
        issuer = new IssuerStandIn(issuerPort);
        issuer.answerWith(IssuerStandIn::silent);
        issuer.start();

        String ready = start(terminalPort, vanPort, issuerPort);
        assertEquals("veil switch ready: terminal 127.0.0.1:" + terminalPort + ", van 127.0.0.1:" + vanPort
                + ", issuer links 127.0.0.1:" + issuerPort + " and 127.0.0.1:" + issuerPort
                + ", control http://127.0.0.1:" + controlPort, ready);
        ISOMsg sale;
        try (EdgeClient t = EdgeClient.terminal(terminalPort)) {
            sale = t.request("0200", EdgeClient.PAN, 2_500);
            assertEquals("91", t.ask(sale).getString(39));
        }
        SwitchTest.awaitTrue(() -> reversals().size() >= 1);
        String original = reversals().get(0).getString(56);

        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "stopped on SIGTERM");
        issuer.received().clear();
        issuer.answerWith(r -> IssuerStandIn.answer(r, "0400"));

        start(terminalPort, vanPort, issuerPort);
        SwitchTest.awaitTrue(() -> reversals().size() >= 1);
        ISOMsg redelivered = reversals().get(0);
        assertEquals("2421", redelivered.getMTI(), "a redelivery is a repeat");
        assertEquals(original, redelivered.getString(56));
        Thread.sleep(1_500);
        assertEquals(1, reversals().size(), "acknowledged once, sent no more");
    }

    private List<ISOMsg> reversals() {
        return issuer.received().stream().filter(m -> m.getString(0).startsWith("242")).toList();
    }

    /** Launches SwitchMain and returns its first stdout line once it is ready. */
    private String start(int terminalPort, int vanPort, int issuerPort) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dveil.terminal.port=" + terminalPort, "-Dveil.van.port=" + vanPort, "-Dveil.issuer.port=" + issuerPort,
                "-Dveil.switch.admin.port=" + controlPort, "-Dveil.issuer.timeout.ms=1000", "-Dveil.saf.retry.ms=300",
                "-Dveil.cfg.dir=" + Path.of("..", "cfg").toAbsolutePath().normalize(),
                "-Dveil.data.dir=" + dir.resolve("data"), "-Dveil.log.dir=" + dir.resolve("log"),
                "org.veil.cardswitch.SwitchMain"));
        process = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(40, TimeUnit.SECONDS);
        if (line == null) throw new AssertionError("switch did not start: " + Files.readString(dir.resolve("stderr.txt")));
        return line;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
