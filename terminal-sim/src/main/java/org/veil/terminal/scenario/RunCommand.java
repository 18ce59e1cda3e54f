package org.veil.terminal.scenario;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.veil.terminal.TerminalCli;
import org.veil.terminal.TerminalKeys;
import org.veil.terminal.WorkingKeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scripts/terminal run FILE|DIR...}: checks every scenario file first, then runs them in order. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run scenario files (YAML or JSON, see scripts/scenarios/README.md) against the switch and report each step.",
        footer = "Exit: 0 all passed, 1 a step failed, 2 bad usage or a bad file (nothing sent), 3 the switch could not be reached at all.")
public final class RunCommand implements Callable<Integer> {
    private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "scenario files, or directories searched recursively for .yml/.yaml/.json")
    List<Path> paths;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "the switch's host (default: ${DEFAULT-VALUE})") String host;
    @Option(names = "--terminal-port", defaultValue = "8583", description = "TERMINAL dialect port (default: ${DEFAULT-VALUE})") int terminalPort;
    @Option(names = "--van-port", defaultValue = "8584", description = "VAN dialect port (default: ${DEFAULT-VALUE})") int vanPort;
    @Option(names = "--admin-url", defaultValue = RunSettings.DEFAULT_ADMIN_URL, description = "issuer admin API (default: ${DEFAULT-VALUE})") String adminUrl;
    @Option(names = "--switch-url", defaultValue = RunSettings.DEFAULT_SWITCH_URL, description = "switch control API (default: ${DEFAULT-VALUE})") String switchUrl;
    @Option(names = "--timeout-ms", defaultValue = "5000", description = "a step's wait unless it sets timeout-ms (default: ${DEFAULT-VALUE})") long timeoutMs;
    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "set a variable (overrides the file's vars; repeatable)") Map<String, String> vars = new LinkedHashMap<>();
    @Option(names = "--junit", paramLabel = "FILE", description = "also write a JUnit XML report (its directory is created)") Path junit;
    @Option(names = "--quiet", description = "print only failures and the summary") boolean quiet;
    @Option(names = "--keystore", defaultValue = TerminalKeys.DEFAULT_KEYSTORE, description = "terminal keys for steps with pin or mac (default: ${DEFAULT-VALUE})") Path keystore;
    @Option(names = "--keystore-password", defaultValue = TerminalKeys.DEFAULT_PASSWORD, description = "(default: the test keystore's)") String keystorePassword;
    @Option(names = "--key-state", paramLabel = "DIR", description = "terminals' working keys after a key change (default: $${veil.data.dir}/terminal-keys, i.e. data/terminal-keys)") Path keyState;

    @Override
    public Integer call() {
        RunSettings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files;
        try {
            files = ScenarioFiles.collect(paths);
        } catch (IllegalArgumentException e) {
            err.println("terminal: " + e.getMessage());
            return TerminalCli.USAGE;
        }
        List<Scenario> scenarios = new ArrayList<>();
        boolean bad = false;
        for (Path f : files) {
            try {
                scenarios.addAll(ScenarioParser.parse(f));
            } catch (BadScenarioFile e) {
                err.println("terminal: " + Secrets.scrub(e.getMessage()));
                bad = true;
            }
        }
        if (bad) return TerminalCli.USAGE;
        if (junit != null) {
            try {
                Path dir = junit.toAbsolutePath().getParent();
                if (dir != null) Files.createDirectories(dir);
            } catch (IOException e) {
                err.println("terminal: --junit " + junit + ": its directory cannot be created (" + e.getMessage() + ")");
                return TerminalCli.USAGE;
            }
        }
        ScenarioRun run = new ScenarioRun(settings, new RunOutput(out, quiet));
        List<ScenarioResult> results = run.runAll(scenarios);
        if (junit != null) {
            try {
                JUnitReport.write(junit, results);
            } catch (IOException e) {
                err.println("terminal: cannot write the JUnit report " + junit + ": " + e.getMessage());
            }
        }
        err.flush();
        if (run.switchNeverReached()) return TerminalCli.NO_ANSWER;
        return results.stream().allMatch(ScenarioResult::passed) ? TerminalCli.OK : TerminalCli.MISMATCH;
    }

    private RunSettings settings() {
        if (host == null || host.isBlank()) throw usage("--host must not be empty");
        port("--terminal-port", terminalPort);
        port("--van-port", vanPort);
        url("--admin-url", adminUrl);
        url("--switch-url", switchUrl);
        if (timeoutMs < 1 || timeoutMs > 600_000) throw usage("--timeout-ms must be from 1 to 600000, got " + timeoutMs);
        for (String name : vars.keySet()) {
            if (!VAR_NAME.matcher(name).matches()) throw usage("--var " + name + ": not a valid name (letters, digits, _ and -, no dots)");
            if (ScenarioParser.BUILT_INS.contains(name)) throw usage("--var " + name + ": a built-in variable cannot be set");
        }
        return new RunSettings(host.strip(), terminalPort, vanPort, adminUrl, switchUrl, timeoutMs, Map.copyOf(vars), quiet,
                keystore, keystorePassword, keyState != null ? keyState : WorkingKeyFile.defaultDir());
    }

    private void port(String option, int port) {
        if (port < 1 || port > 65535) throw usage(option + " must be 1 to 65535, got " + port);
    }

    private void url(String option, String url) {
        try {
            URI u = new URI(url);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) return;
        } catch (Exception e) {
            // reported below
        }
        throw usage(option + " must be an http:// URL such as http://127.0.0.1:8081, got '" + url + "'");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
