package org.veil.cardswitch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.veil.http.LoopbackPorts;

/**
 * SwitchMain as it is launched: its own JVM with -D properties, the repository's cfg/ unless told otherwise, data and
 * logs under one directory (so a restart finds the database). Stopped by SIGTERM, by its PID only.
 */
final class SwitchProcess implements AutoCloseable {
    final int terminalPort;
    final int vanPort;
    final int controlPort;
    final int issuerPort;
    private final Path dir;
    private Process process;

    SwitchProcess(Path dir, int issuerPort) throws IOException {
        this.dir = dir;
        this.issuerPort = issuerPort;
        terminalPort = LoopbackPorts.free();
        vanPort = LoopbackPorts.free();
        controlPort = LoopbackPorts.free();
    }

    /** Launches SwitchMain and returns its first stdout line once it is ready. */
    String start(String... properties) throws Exception {
        List<String> cmd = command(properties);
        cmd.addAll(List.of("-Dveil.terminal.port=" + terminalPort, "-Dveil.van.port=" + vanPort, "-Dveil.issuer.port=" + issuerPort,
                "-Dveil.switch.admin.port=" + controlPort, "-Dveil.issuer.timeout.ms=1000", "-Dveil.saf.retry.ms=300",
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

    /** The running switch's process id. */
    long pid() {
        return process.pid();
    }

    /** What a start that must fail says: exit status and stderr (stdout must stay empty). */
    record Refusal(int status, List<String> stderr, String stdout) {}

    /** Launches SwitchMain with these properties (the later -D wins) and waits for it to exit. */
    Refusal refused(String... properties) throws Exception {
        List<String> cmd = command(properties);
        cmd.addAll(List.of("-Dveil.terminal.port=" + terminalPort, "-Dveil.van.port=" + vanPort, "-Dveil.issuer.port=" + issuerPort,
                "-Dveil.switch.admin.port=" + controlPort, "org.veil.cardswitch.SwitchMain"));
        Path err = dir.resolve("refused-stderr.txt");
        Path out = dir.resolve("refused-stdout.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("the switch did not exit");
            return new Refusal(p.exitValue(), Files.readAllLines(err, StandardCharsets.UTF_8), Files.readString(out));
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
    }

    /** SIGTERM, and waits for the clean stop. */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the switch did not stop on SIGTERM");
        }
    }

    Path logDir() {
        return dir.resolve("log");
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    private List<String> command(String... properties) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dveil.cfg.dir=" + Path.of("..", "cfg").toAbsolutePath().normalize(),
                "-Dveil.data.dir=" + dir.resolve("data"), "-Dveil.log.dir=" + logDir()));
        cmd.addAll(List.of(properties));
        return cmd;
    }
}
