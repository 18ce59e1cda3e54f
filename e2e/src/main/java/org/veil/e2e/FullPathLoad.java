package org.veil.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.LoadGenerator;
import org.veil.terminal.LoadPlan;
import org.veil.terminal.LoadReport;
import org.veil.terminal.TransactionMix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * scripts/bench: the full authorization path under load. Starts its own issuer host and switch on
 * free loopback ports in a fresh data directory, issues and loads its cards, drives the switch
 * with terminal-sim's load generator, audits the ledger, and stops what it started.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Full-path load: terminal-sim -> switch -> issuer host, with a ledger audit after the run.")
public final class FullPathLoad implements Callable<Integer> {
    /** JFR settings that turn jPOS's own events off. */
    private static final String JPOS_EVENTS_OFF = Stream.of("Space", "LogEvent", "TMEvent", "TMPrepare", "TMPrepareForAbort",
                    "TMCommit", "TMAbort", "TMPause", "TMRecover", "TMSnapshot", "Channel.Send", "Channel.Receive",
                    "Channel.Accept", "Channel.Connect", "Channel.Disconnect", "Channel.AcceptException",
                    "Channel.ConnectionException", "Channel.SendException")
            .map(n -> "+jpos." + n + "#enabled=false,").collect(Collectors.joining());
    private static final String PROMOTIONS_ON = "+jdk.PromoteObjectInNewPLAB#enabled=true,+jdk.PromoteObjectOutsidePLAB#enabled=true,";

    @Spec
    CommandSpec spec;
    @Option(names = "--dialect", defaultValue = "terminal", description = "terminal or van (default: ${DEFAULT-VALUE})")
    String dialect;
    @Option(names = "--connections", defaultValue = "16", description = "connections (default: ${DEFAULT-VALUE})")
    int connections;
    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "pace the load at this many requests/s overall, each "
            + "request's latency counted from when it fell due (default: closed loop)")
    Double rate;
    @Option(names = "--in-flight", defaultValue = "1", description = "requests in flight per connection at most (default: ${DEFAULT-VALUE})")
    int inFlight;
    @Option(names = "--duration", defaultValue = "30", description = "measured seconds (default: ${DEFAULT-VALUE})")
    int seconds;
    @Option(names = "--warmup", defaultValue = "5", description = "warm-up seconds, not measured (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--cards", defaultValue = "200", description = "cards to issue and load (default: ${DEFAULT-VALUE})")
    int cards;
    @Option(names = "--mix", defaultValue = "purchase=100", description = "transaction mix (default: ${DEFAULT-VALUE})")
    String mix;
    @Option(names = "--json", description = "write the results as JSON to this file")
    Path json;
    @Option(names = "--profile", description = "record a JDK Flight Recording of the issuer host and the switch into this directory")
    Path profile;

    public static void main(String[] args) {
        CommandMain.run("bench", new FullPathLoad(), "org/veil/e2e/logback-demo.xml", args);
    }

    @Override
    public Integer call() throws Exception {
        // Everything checked before a process starts or a directory is made.
        Dialect d = dialect();
        TransactionMix transactions;
        try {
            transactions = TransactionMix.parse(mix);
        } catch (IllegalArgumentException e) {
            throw usage("--mix: " + e.getMessage());
        }
        if (cards < 1 || seconds < 1 || connections < 1) throw usage("--cards, --duration and --connections must be at least 1");
        if (connections > 999_999) throw usage("--connections must be at most 999999 (terminal ids LT000001 on)");
        double pace;
        try {
            pace = LoadPlan.pace(rate);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (inFlight < 1) throw usage("--in-flight must be at least 1");
        if (warmup < 0) throw usage("--warmup must not be negative");
        if (json != null && !Files.isDirectory(json.toAbsolutePath().getParent())) {
            throw usage("--json: directory " + json.toAbsolutePath().getParent() + " does not exist");
        }
        VeilStack unstarted = VeilStack.scratch("bench", Map.of());
        if (profile != null) {
            Files.createDirectories(profile);
            // Recorded from start to stop; the file is written when the process exits. jPOS's own events (one per
            // space operation, participant and channel message, each with its stack) are left out: recording them
            // halved the throughput being profiled and showed up as time spent where none is spent without them.
            // Promotions are in (one event per buffer a young collection copies into, naming the class of the object
            // that opened it): what survives the collections is what their pauses copy.
            unstarted.jvmOptions(List.of("-XX:StartFlightRecording=settings=profile," + JPOS_EVENTS_OFF + PROMOTIONS_ON
                    + "dumponexit=true,filename="
                    + profile.toAbsolutePath().resolve("{name}.jfr")));
        }
        try (VeilStack stack = unstarted.start()) {
            AdminClient admin = stack.admin();
            List<CardData> deck = FundedCards.issue(admin, "PREPAID-USD", cards, 1_000_000, 4,
                    Duration.ofSeconds(Math.max(120, cards / 20L))).deck();
            int port = d == Dialect.TERMINAL ? stack.ports().terminal() : stack.ports().van();
            System.out.printf("bench: %d cards loaded; issuer host and switch running in %s%n", cards, stack.dataDir());
            LoadPlan plan = new LoadPlan(d, "127.0.0.1", port, connections, Duration.ofSeconds(warmup),
                    Duration.ofSeconds(seconds), pace, inFlight, transactions, deck, 100, "LT",
                    "LOADTEST0000001", "Veil Load Test", "840", Duration.ofSeconds(10));
            LoadReport report = LoadGenerator.run(plan);
            System.out.print(report.text());
            if (json != null) Files.writeString(json, report.json());
            var audit = admin.audit();
            boolean ok = audit.path("ok").asBoolean(false);
            System.out.println("ledger audit after the run: " + (ok ? "passed" : "FAILED " + audit.get("violations")));
            return ok && report.answers() > 0 ? 0 : 1;
        }
    }

    private Dialect dialect() {
        try {
            Dialect d = Dialect.parse(dialect);
            if (d != Dialect.HOST) return d;
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw usage("--dialect must be terminal or van, got '" + dialect + "'");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
