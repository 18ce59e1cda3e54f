package org.veil.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.veil.bench.BenchRun.PathRun;
import org.veil.bench.BenchRun.Settings;
import org.veil.e2e.ChildJvm;
import org.veil.e2e.CommandMain;
import org.veil.e2e.ProcessProbe;
import org.veil.e2e.VeilStack;
import org.veil.issuer.IssuerSettings;
import org.veil.packagers.Dialect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * scripts/bench --scale: how the full path's cost grows with the number of cards. For each card count, in a fresh
 * data directory: bulk-issues the loaded cards into the stopped issuer's database (org.veil.issuer.admin.BulkIssue),
 * starts the issuer host (startup time, heap and RSS after a full GC) and the switch, and warms the path up; every
 * count's processes keep running. Then, in rounds, loads the full path of each count in turn at each connection count
 * with a uniformly random card per request, so that the counts compared ran minutes apart at most and share the
 * machine's slow and fast spells; last it audits each count's ledger and stops everything.
 */
@Command(name = "bench --scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Full path at several card counts: bulk issuance rate, database size, issuer host startup time and "
                + "heap, throughput and latency per count, and each larger count's throughput as a ratio to the smallest's.")
public final class ScaleBench implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;
    @Option(names = "--cards", split = ",", paramLabel = "N", description = "card counts, smallest first (default: 10000,1000000)")
    List<Integer> cards = List.of(10_000, 1_000_000);
    @Option(names = "--connections", split = ",", paramLabel = "N", description = "connection counts (default: 16,64)")
    List<Integer> connections = List.of(16, 64);
    @Option(names = "--dialect", defaultValue = "terminal", description = "terminal or van (default: ${DEFAULT-VALUE})")
    String dialect;
    @Option(names = "--duration", defaultValue = "15", description = "measured seconds per load run (default: ${DEFAULT-VALUE})")
    double duration;
    @Option(names = "--warmup", defaultValue = "2", description = "warm-up seconds before each load run (default: ${DEFAULT-VALUE})")
    double warmup;
    @Option(names = "--path-warmup", defaultValue = "90",
            description = "at most this long, load at the highest connection count until steady and the JIT is quiet, before the runs"
                    + " (default: ${DEFAULT-VALUE})")
    double pathWarmup;
    @Option(names = "--batch", defaultValue = "200", description = "cards per database transaction when issuing (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--amount", defaultValue = "100", description = "purchase amount in minor units (default: ${DEFAULT-VALUE})")
    long amount;
    @Option(names = "--h2-cache-mb", paramLabel = "MB",
            description = "H2 page cache of the issuer's database (CACHE_SIZE) for bulk issue and host; default: the issuer's own URL, H2's default cache")
    Integer h2CacheMb;
    @Option(names = "--out", defaultValue = "bench-results", description = "results directory (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--rounds", defaultValue = "2",
            description = "measured rounds: each loads every card count in turn, smallest first in odd rounds, largest first in even"
                    + " ones (default: ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--keep-data", description = "keep the run's data directory (H2 files, card files, process logs) after a successful run")
    boolean keepData;

    /** Every card count's processes, for the shutdown hook (Ctrl-C). */
    private final List<VeilStack> running = new CopyOnWriteArrayList<>();

    /** One card count, issued, started and warmed up: what its load runs and its result need. */
    private record Stage(int cards, double issueSeconds, long dbBytes, long startupMs, ProcessProbe.Sample started,
                         VeilStack issuerSide, int port, Dialect dialect, RandomCardDeck deck,
                         Map<String, ProcessHandle> measured, List<PathRun> runs) {}

    public static void main(String[] args) {
        CommandMain.run("bench", new ScaleBench(), ZeroWorkHost.LOGBACK, args);
    }

    @Override
    public Integer call() throws Exception {
        Settings s = settings();
        Path root = VeilStack.findRoot();
        LocalDateTime now = LocalDateTime.now().withNano(0);
        String stamp = STAMP.format(now);
        // Card files hold real (test) card numbers: under data/ (git-ignored), deleted with the run's directory.
        Path work = Files.createTempDirectory(Files.createDirectories(root.resolve("data")), "bench-scale-" + stamp + "-");
        List<ScaleRun.Point> points = new ArrayList<>();
        String failure = null;
        Thread hook = new Thread(this::stopRunning, "bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        List<Stage> stages = new ArrayList<>();
        try {
            for (int n : cards) {
                try {
                    stages.add(prepare(s, root, work.resolve("cards-" + n), n));
                } catch (IOException e) {
                    failure = n + " cards: " + e.getMessage();
                    break;
                }
            }
            // The machine may be shared: its load average says how far the figures can be trusted.
            double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            try {
                for (int round = 1; round <= rounds; round++) {
                    for (Stage stage : round % 2 == 1 ? stages : stages.reversed()) measure(s, stage, round);
                }
            } catch (IOException e) {
                failure = "load run: " + e.getMessage();
            }
            // What was measured is reported, with its audit, even when a larger count or a later round failed.
            for (Stage stage : stages) if (!stage.runs().isEmpty()) points.add(finish(stage, loadAverage));
        } catch (IOException e) {
            failure = e.getMessage();
        } finally {
            stopRunning();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        if (points.isEmpty()) {
            System.err.println("bench: nothing measured: " + failure + " (process logs in " + root.relativize(work) + ")");
            return 1;
        }
        ScaleRun run = new ScaleRun(now.toString().replace('T', ' '), BenchRun.Machine.current(), s, h2CacheMb, rounds, points,
                ScaleRun.ratios(points, s.connections()));
        System.out.println();
        System.out.print(ScaleReport.table(run));
        Path dir = Files.createDirectories(root.resolve(out).resolve("scale-" + stamp));
        ScaleReport.write(run, dir);
        System.out.println("bench: results " + dir.resolve("results.json") + ", page " + dir.resolve("report.html"));
        boolean ok = failure == null && points.stream().allMatch(p -> p.auditOk() && p.runs().stream().allMatch(r -> r.approvals() > 0));
        if (failure != null) System.err.println("bench: stopped early: " + failure);
        if (ok && !keepData) deleteTree(work);
        else System.out.println("bench: data, card files and process logs kept in " + root.relativize(work));
        return ok ? 0 : 1;
    }

    /** Issues {@code n} cards into a fresh database, starts the issuer host and the switch, and warms the path up. */
    private Stage prepare(Settings s, Path root, Path dir, int n) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path cardsFile = dir.resolve("cards.csv");
        System.out.printf(Locale.ROOT, "bench: %d cards: bulk issuing and loading into a stopped issuer's database ...%n", n);
        long t0 = System.nanoTime();
        Map<String, String> db = h2CacheMb == null ? Map.of()
                : Map.of("veil.db.url", IssuerSettings.defaultDbUrl(dir) + ";CACHE_SIZE=" + h2CacheMb * 1024L);
        List<String> options = new ArrayList<>(List.of("-Xmx1g", "-Dveil.cfg.dir=" + root.resolve("cfg"), "-Dveil.data.dir=" + dir,
                "-Dveil.log.dir=" + dir.resolve("log")));
        db.forEach((k, v) -> options.add("-D" + k + "=" + v));
        ChildJvm.Exit issued = ChildJvm.run("org.veil.issuer.admin.BulkIssue", options,
                List.of("--count", Integer.toString(n), "--product", "PREPAID-USD", "--load", Long.toString(Bench.CARD_LOAD),
                        "--batch", Integer.toString(batch), "--cards-file", cardsFile.toString()),
                root, Duration.ofSeconds(Math.max(600, n / 200L)));
        double issueSeconds = (System.nanoTime() - t0) / 1e9;
        if (issued.code() != 0) throw new IOException("bulk issue failed (exit " + issued.code() + "): " + issued.err().strip());
        long dbBytes = databaseBytes(dir);
        System.out.printf(Locale.ROOT, "bench: %d cards issued and loaded in %.1f s (%.0f cards/s, JVM start included); database %.1f MB%n",
                n, issueSeconds, n / issueSeconds, dbBytes / 1048576.0);

        VeilStack.Ports ports = VeilStack.Ports.free();
        // The switch reads veil.db.url for its own database too: the issuer's URL goes to a stack of its own.
        VeilStack stack = new VeilStack(root, dir, ports, db);
        running.add(stack);
        VeilStack switchSide = new VeilStack(root, dir, ports, Map.of());
        running.add(switchSide);
        long s0 = System.nanoTime();
        stack.startIssuer();
        long startupMs = (System.nanoTime() - s0) / 1_000_000;
        ProcessProbe.Sample started = ProcessProbe.sample(stack.issuerPid(), "started", 0);
        System.out.printf(Locale.ROOT, "bench: %d cards: issuer host ready in %d ms; heap after full GC %.1f MB, RSS %.1f MB%n",
                n, startupMs, started.heapKb() / 1024.0, started.rssKb() / 1024.0);
        switchSide.startCreditIssuer();
        switchSide.startSwitch();
        RandomCardDeck deck = RandomCardDeck.read(cardsFile, n);
        Dialect d = Dialect.parse(s.dialects().getFirst());
        int port = d == Dialect.TERMINAL ? stack.ports().terminal() : stack.ports().van();
        ReadinessProbe.await(BenchPath.FULL.label(), d, port, deck.getFirst(), s.amount(), PROBE_LIMIT);
        Map<String, ProcessHandle> measured = Map.of(Bench.SWITCH, Bench.process(Bench.SWITCH, switchSide.switchPid()),
                Bench.ISSUER_HOST, Bench.process(Bench.ISSUER_HOST, stack.issuerPid()));
        Bench.warmUp(BenchPath.FULL, s, d, port, deck, measured.values());
        return new Stage(n, issueSeconds, dbBytes, startupMs, started, stack, port, d, deck, measured, new ArrayList<>());
    }

    /** One round of a card count: a load run at each connection count. */
    private void measure(Settings s, Stage stage, int round) throws IOException, InterruptedException {
        for (int conns : s.connections()) {
            PathRun r = Bench.load(BenchPath.FULL, Bench.plan(s, stage.dialect(), stage.port(), conns, s.warmupSeconds(),
                    s.durationSeconds(), stage.deck()), stage.measured());
            stage.runs().add(r);
            System.out.printf(Locale.ROOT, "bench: round %d %8d cards %4d conns %10.1f approvals/s  p50 %.3f ms  p99 %.3f ms  %s (issuer: %s)%s%n",
                    round, stage.cards(), conns, r.approvalsPerSecond(), r.latencyMs().p50(), r.latencyMs().p99(),
                    ResultsTable.cpu(r.cpuMicrosPerApproval()), ResultsTable.threads(r.cpuByThreads(Bench.ISSUER_HOST)),
                    r.failures() > 0 ? "  " + r.failures() + " errors " + r.codes() : "");
        }
    }

    /** The count's heap after its load and its ledger audit, with what was measured. */
    private static ScaleRun.Point finish(Stage stage, double loadAverage) throws IOException, InterruptedException {
        ProcessProbe.Sample after = ProcessProbe.sample(stage.issuerSide().issuerPid(), "after load", 0);
        var audit = stage.issuerSide().admin().audit();
        List<String> violations = new ArrayList<>();
        audit.path("violations").forEach(v -> violations.add(v.asText()));
        boolean ok = audit.path("ok").asBoolean(false);
        System.out.println("bench: " + stage.cards() + " cards: ledger audit after the load: " + (ok ? "passed" : "FAILED " + violations));
        ProcessProbe.Sample started = stage.started();
        return new ScaleRun.Point(stage.cards(), stage.issueSeconds(), stage.cards() / stage.issueSeconds(), stage.dbBytes(),
                stage.startupMs(), started.heapKb() / 1024.0, started.rssKb() / 1024.0, after.heapKb() / 1024.0, loadAverage, ok,
                violations, List.copyOf(stage.runs()));
    }

    private void stopRunning() {
        running.forEach(VeilStack::close);
        running.clear();
    }

    /** The issuer's H2 files (issuer.mv.db and any companions) in the data directory. */
    private static long databaseBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("issuer.")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private Settings settings() {
        String d;
        try {
            Dialect parsed = Dialect.parse(dialect.trim());
            if (parsed == Dialect.HOST) throw new IllegalArgumentException();
            d = parsed.name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw usage("--dialect must be terminal or van, got '" + dialect + "'");
        }
        if (cards.isEmpty() || cards.stream().anyMatch(n -> n < 1)) throw usage("--cards must be 1 or more each");
        if (!cards.equals(cards.stream().sorted().distinct().toList())) throw usage("--cards must be given smallest first, each once");
        if (connections.isEmpty() || connections.stream().anyMatch(c -> c < 1 || c > 999_999)) throw usage("--connections must be 1 to 999999 each");
        if (duration <= 0 || warmup < 0 || pathWarmup < 0) throw usage("--duration must be positive, --warmup and --path-warmup not negative");
        if (batch < 1) throw usage("--batch must be at least 1");
        if (rounds < 1 || rounds > 20) throw usage("--rounds must be 1 to 20");
        if (h2CacheMb != null && (h2CacheMb < 1 || h2CacheMb > 768)) throw usage("--h2-cache-mb must be 1 to 768 (the issuer runs with -Xmx1g)");
        if (amount < 1 || amount > 500_000) throw usage("--amount must be 1 to 500000 minor units (the product's maximum transaction)");
        return new Settings(List.of(BenchPath.FULL.key()), List.of(d), List.copyOf(connections), 1, 0, pathWarmup, warmup, duration,
                cards.getLast(), amount, Bench.MIX);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
