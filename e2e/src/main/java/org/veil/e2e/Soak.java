package org.veil.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veil.packagers.Dialect;
import org.veil.terminal.DurationConverter;
import org.veil.terminal.TransactionMix;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * scripts/soak: mixed traffic at a steady rate for a long while, to see that nothing leaks. Starts its own issuer
 * host and switch on free loopback ports in a fresh data directory, reports throughput, latency, errors, and each
 * process's heap, descriptors and threads from start to end, audits the ledger, checks the money, writes JSON.
 * Exit 0 when it passed; 1 on any error, a failed audit or money check, or a GROWING process; 2 on a bad argument.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Soak: steady mixed traffic through the switch to the issuer host; says whether anything grows.")
public final class Soak implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class,
            description = "measured time, e.g. 30s, 10m (default: ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--warmup", defaultValue = "20s", converter = DurationConverter.class,
            description = "load before the start sample, not measured (default: ${DEFAULT-VALUE})")
    Duration warmup;
    @Option(names = "--rate", defaultValue = "300", description = "requests started per second, overall (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--connections", defaultValue = "200", description = "terminal connections (default: ${DEFAULT-VALUE})")
    int connections;
    @Option(names = "--dialect", defaultValue = "terminal", description = "terminal or van (default: ${DEFAULT-VALUE})")
    String dialect;
    @Option(names = "--mix", defaultValue = SoakSettings.DEFAULT_MIX, description = "transaction mix (default: ${DEFAULT-VALUE})")
    String mix;
    @Option(names = "--cards", defaultValue = "400", description = "cards to issue and load (default: ${DEFAULT-VALUE})")
    int cards;
    @Option(names = "--amount", defaultValue = "250", description = "minor units per purchase or auth (default: ${DEFAULT-VALUE})")
    long amount;
    @Option(names = "--sample-every", defaultValue = "30s", converter = DurationConverter.class,
            description = "time between heap/fd/thread samples (default: ${DEFAULT-VALUE})")
    Duration sampleEvery;
    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "a request unanswered this long is an error (default: ${DEFAULT-VALUE})")
    Duration timeout;
    @Option(names = "--json", description = "results file (default: bench-results/soak-<timestamp>.json)")
    Path json;

    public static void main(String[] args) {
        CommandMain.run("soak", new Soak(), "org/veil/e2e/logback-demo.xml", args);
    }

    @Override
    public Integer call() throws Exception {
        SoakSettings settings = settings();
        Path root = VeilStack.findRoot();
        Path out = json != null ? json : root.resolve("bench-results")
                .resolve("soak-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        SoakResult result;
        try (VeilStack stack = VeilStack.scratch("soak", Map.of()).start()) {
            System.out.println("soak: issuer host and switch running, data and logs in " + stack.dataDir());
            result = new SoakRun(settings, stack, System.out).run();
        }
        System.out.print(result.text());
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Files.writeString(out, result.json());
        System.out.println("soak: results in " + out);
        return result.passed() ? 0 : 1;
    }

    SoakSettings settings() {
        try {
            Dialect d = switch (dialect.trim().toLowerCase(Locale.ROOT)) {
                case "terminal" -> Dialect.TERMINAL;
                case "van" -> Dialect.VAN;
                default -> throw new IllegalArgumentException("--dialect must be terminal or van, not '" + dialect + "'");
            };
            return new SoakSettings(d, connections, rate, duration, warmup, cards, amount, TransactionMix.parse(mix), sampleEvery, timeout);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
