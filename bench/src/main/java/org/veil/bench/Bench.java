package org.veil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.veil.bench.BenchRun.FullPathFacts;
import org.veil.bench.BenchRun.PathRun;
import org.veil.bench.BenchRun.Settings;
import org.veil.e2e.AdminClient;
import org.veil.e2e.ChildJvm;
import org.veil.e2e.CommandMain;
import org.veil.e2e.FundedCards;
import org.veil.e2e.VeilStack;
import org.veil.packagers.CpuShare;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.LoadGenerator;
import org.veil.terminal.LoadPlan;
import org.veil.terminal.LoadReport;
import org.veil.terminal.TransactionMix;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * scripts/bench: in one run, terminal-sim's closed-loop load against the zero-work host (the ceiling
 * of one hop), the real switch in front of the zero-work host (the switch alone) and the full path
 * (switch + issuer host with issued, loaded cards), for each dialect and connection count. Prints a
 * table, writes the raw results as JSON and a self-contained HTML page, and stops all it started.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Throughput and latency of three paths in one run: zero-work host, switch + zero-work host, "
                + "switch + issuer host. Each throughput is also given as a ratio to the zero-work host.",
                "Other modes of scripts/bench: --jmh [JMH options] (packing benchmarks), --full-path [options] (one full-path load with a ledger audit), "
                        + "--scale [options] (the full path at 10,000 and 1,000,000 cards)."})
public final class Bench implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    static final String MERCHANT_ID = "LOADTEST0000001";
    static final String MERCHANT_NAME = "Veil Load Test";
    static final String CURRENCY = "840";
    private static final String TERMINAL_PREFIX = "LT";
    static final String MIX = "purchase=100";
    /** PREPAID-USD's maximum balance: the most a card can be loaded with. */
    static final long CARD_LOAD = 1_000_000;
    /** The processes whose CPU time each load run reports. */
    static final String LOAD_GENERATOR = "load";
    static final String ZERO_WORK_HOST = "zero-work";
    static final String SWITCH = "switch";
    static final String ISSUER_HOST = "issuer";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);
    private static final Pattern READY_PORTS = Pattern.compile("terminal [^ ]+:(\\d+), van [^ ]+:(\\d+), host link [^ ]+:(\\d+)");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Option(names = "--paths", split = ",", paramLabel = "PATH", description = "zero-work, switch, full (default: all three)")
    List<String> paths;
    @Option(names = "--dialects", split = ",", paramLabel = "DIALECT", description = "terminal, van (default: both)")
    List<String> dialects;
    @Option(names = "--connections", split = ",", paramLabel = "N", description = "connection counts (default: 1,16,64; --quick: 1,16)")
    List<Integer> connections;
    @Option(names = "--duration", paramLabel = "SECONDS", description = "measured seconds per load run (default: 10; --quick: 1)")
    Double duration;
    @Option(names = "--warmup", paramLabel = "SECONDS", description = "warm-up seconds before each load run, not measured (default: 2; --quick: 0.5)")
    Double warmup;
    @Option(names = "--path-warmup", paramLabel = "SECONDS",
            description = "at most this long per path and dialect, load at the highest connection count before its runs, "
                    + "not measured, until throughput is steady and the JIT compilers are quiet: a fresh JVM's JIT would "
                    + "otherwise bill its first runs (default: 90; --quick: 5)")
    Double pathWarmup;
    @Option(names = "--cards", description = "cards to issue and load for the full path (default: 10000; --quick: 200)")
    Integer cards;
    @Option(names = "--rate", paramLabel = "PER_SECOND",
            description = "pace each load run at this many requests/s overall instead of a closed loop; each request's latency "
                    + "counts from when it fell due, so a pause shows in every request it delays (default: closed loop)")
    Double rate;
    @Option(names = "--in-flight", defaultValue = "1", description = "requests in flight per connection at most (default: "
            + "${DEFAULT-VALUE}, as a terminal: paced, the requests that fall due meanwhile wait, and their wait counts)")
    int inFlight;
    @Option(names = "--amount", defaultValue = "100", description = "purchase amount in minor units (default: ${DEFAULT-VALUE})")
    long amount;
    @Option(names = "--quick", description = "a short smoke run: 1 s per load run, 200 cards, 1 and 16 connections (about a minute)")
    boolean quick;
    @Option(names = "--out", defaultValue = "bench-results", description = "results directory (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--issue-parallel", defaultValue = "8", description = "admin calls in parallel while issuing cards (default: ${DEFAULT-VALUE})")
    int issueParallel;
    @Option(names = "--keep-data", description = "keep the run's data directory (H2 files, process logs) after a successful run")
    boolean keepData;

    private final Deque<AutoCloseable> open = new ConcurrentLinkedDeque<>();

    public static void main(String[] args) {
        CommandMain.run("bench", new Bench(), ZeroWorkHost.LOGBACK, args);
    }

    @Override
    public Integer call() throws Exception {
        Settings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage()); // one line, exit 2, before anything starts
        }
        List<BenchPath> benchPaths = settings.paths().stream().map(BenchPath::parse).toList();
        Path root = VeilStack.findRoot();
        LocalDateTime now = LocalDateTime.now().withNano(0);
        String stamp = STAMP.format(now);
        Path work = Files.createTempDirectory(Files.createDirectories(root.resolve("data")), "bench-" + stamp + "-");
        Thread hook = new Thread(this::closeAll, "bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        List<PathRun> runs = new ArrayList<>();
        FullPathFacts full = null;
        String failure = null;
        try {
            if (benchPaths.contains(BenchPath.ZERO_WORK) || benchPaths.contains(BenchPath.SWITCH)) {
                measureZeroWorkPaths(settings, benchPaths, root, work, runs);
            }
            if (benchPaths.contains(BenchPath.FULL)) full = measureFullPath(settings, root, work, runs);
        } catch (IOException e) {
            failure = e.getMessage();
        } finally {
            closeAll();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        if (runs.isEmpty()) {
            System.err.println("bench: nothing measured: " + failure + " (process logs in " + root.relativize(work) + ")");
            return 1;
        }
        BenchRun run = new BenchRun(now.toString().replace('T', ' '), BenchRun.Machine.current(), settings,
                settings.rate() > 0 ? runs : BenchRun.withRatios(runs), full);
        System.out.println();
        System.out.print(ResultsTable.format(run));
        Path results = Files.createDirectories(root.resolve(out));
        Path dir = Files.createDirectories(results.resolve(stamp));
        ResultsJson.write(run, dir.resolve("results.json"));
        ResultsPage.write(run, dir.resolve("report.html"));
        // The newest run under a fixed name, for README's link.
        Files.copy(dir.resolve("results.json"), results.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("report.html"), results.resolve("latest.html"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("bench: results " + dir.resolve("results.json") + ", page " + dir.resolve("report.html")
                + " (also " + results.resolve("latest.html") + ")");
        boolean ok = failure == null && !runs.isEmpty() && runs.stream().allMatch(r -> r.approvals() > 0)
                && (full == null || full.auditOk());
        if (failure != null) System.err.println("bench: stopped early: " + failure);
        if (full != null && !full.auditOk()) System.err.println("bench: the ledger audit after the full path FAILED: " + full.violations());
        if (ok && !keepData) deleteTree(work);
        else System.out.println("bench: data and process logs kept in " + root.relativize(work));
        return ok ? 0 : 1;
    }

    /** The zero-work host as its own process; measured directly, then with the real switch in front of it. */
    private void measureZeroWorkPaths(Settings s, List<BenchPath> benchPaths, Path root, Path work, List<PathRun> runs)
            throws IOException, InterruptedException {
        ChildJvm zero = opened(ChildJvm.start("zero-work-host", ZeroWorkHost.class.getName(),
                List.of("-Dveil.terminal.port=0", "-Dveil.van.port=0", "-Dveil.issuer.port=0"),
                root, work.resolve("log")));
        Matcher m = READY_PORTS.matcher(zero.readyLine());
        if (!m.find()) throw new IOException("cannot read the zero-work host's ports from: " + zero.readyLine());
        int terminal = Integer.parseInt(m.group(1));
        int van = Integer.parseInt(m.group(2));
        int hostLink = Integer.parseInt(m.group(3));
        System.out.println("bench: zero-work host " + zero + " ready");
        List<CardData> deck = BenchCards.unissued(s.cards());
        if (benchPaths.contains(BenchPath.ZERO_WORK)) {
            measure(BenchPath.ZERO_WORK, s, terminal, van, deck, Map.of(ZERO_WORK_HOST, process(ZERO_WORK_HOST, zero.pid())), runs);
        }
        if (benchPaths.contains(BenchPath.SWITCH)) {
            VeilStack.Ports free = VeilStack.Ports.free();
            // Alone in front of the zero-work host the switch has the machine to itself, so it takes every CPU (cfg's
            // veil.cpus keeps it to its half, for when the issuer host runs beside it).
            VeilStack sw = opened(new VeilStack(root, work.resolve("switch"),
                    new VeilStack.Ports(free.terminal(), free.van(), hostLink, free.admin()), Map.of(CpuShare.PROPERTY, "all")));
            sw.startSwitch();
            System.out.println("bench: switch ready, its issuer link to the zero-work host");
            measure(BenchPath.SWITCH, s, sw.ports().terminal(), sw.ports().van(), deck,
                    Map.of(SWITCH, process(SWITCH, sw.switchPid()), ZERO_WORK_HOST, process(ZERO_WORK_HOST, zero.pid())), runs);
            close(sw);
        }
        close(zero);
    }

    private FullPathFacts measureFullPath(Settings s, Path root, Path work, List<PathRun> runs) throws IOException, InterruptedException {
        VeilStack stack = opened(new VeilStack(root, work.resolve("full"), VeilStack.Ports.free(), Map.of()));
        stack.start();
        AdminClient admin = stack.admin();
        System.out.printf(Locale.ROOT, "bench: issuer host and switch ready; issuing and loading %d cards ...%n", s.cards());
        Duration limit = Duration.ofSeconds(Math.max(120, s.cards() / 20L));
        FundedCards.Issued issued = FundedCards.issue(admin, "PREPAID-USD", s.cards(), CARD_LOAD, issueParallel, limit);
        double issueSeconds = issued.took().toMillis() / 1000.0;
        System.out.printf(Locale.ROOT, "bench: %d cards issued and loaded in %.1f s (%.0f cards/s, %d admin calls in parallel)%n",
                s.cards(), issueSeconds, s.cards() / Math.max(issueSeconds, 0.001), issueParallel);
        measure(BenchPath.FULL, s, stack.ports().terminal(), stack.ports().van(), issued.deck(),
                Map.of(SWITCH, process(SWITCH, stack.switchPid()), ISSUER_HOST, process(ISSUER_HOST, stack.issuerPid())), runs);
        var audit = admin.audit();
        List<String> violations = new ArrayList<>();
        audit.path("violations").forEach(v -> violations.add(v.asText()));
        boolean ok = audit.path("ok").asBoolean(false);
        System.out.println("bench: ledger audit after the full path: " + (ok ? "passed" : "FAILED " + violations));
        close(stack);
        return new FullPathFacts(s.cards(), issueSeconds, ok, violations);
    }

    private void measure(BenchPath path, Settings s, int terminalPort, int vanPort, List<CardData> deck,
                         Map<String, ProcessHandle> processes, List<PathRun> runs)
            throws IOException, InterruptedException {
        for (String d : s.dialects()) {
            Dialect dialect = Dialect.parse(d);
            int port = dialect == Dialect.TERMINAL ? terminalPort : vanPort;
            ReadinessProbe.await(path.label(), dialect, port, deck.getFirst(), s.amount(), PROBE_LIMIT);
            warmUp(path, s, dialect, port, deck, processes.values());
            for (int conns : s.connections()) {
                PathRun r = load(path, plan(s, dialect, port, conns, s.warmupSeconds(), s.durationSeconds(), deck), processes);
                runs.add(r);
                System.out.printf(Locale.ROOT, "bench: %-24s %-8s %4d conns %10.1f approvals/s  p50 %.3f ms  p99 %.3f ms  %s%s%s%n",
                        path.label(), d, conns, r.approvalsPerSecond(), r.latencyMs().p50(), r.latencyMs().p99(),
                        ResultsTable.cpu(r.cpuMicrosPerApproval()),
                        r.sendLagMs() == null ? "" : String.format(Locale.ROOT, "  sent late p50 %.3f p99 %.3f ms",
                                r.sendLagMs().p50(), r.sendLagMs().p99()),
                        r.failures() > 0 ? "  " + r.failures() + " errors " + r.codes()
                                + (r.behindSchedule() == 0 ? "" : ", " + r.behindSchedule() + " never sent (the in-flight limit)")
                                + (r.firstError() == null ? "" : " (first: " + r.firstError() + ")") : "");
            }
        }
    }

    /**
     * Load at the highest connection count in one-second rounds (a closed loop, also before paced runs) until two rounds
     * in a row agree within 10 % and the JIT compilers of the path's processes and of this load generator have been quiet
     * (under 5 % of a core) for three rounds, or --path-warmup seconds have passed. Throughput alone looked steady while
     * the compilers still took a third of each core.
     */
    static void warmUp(BenchPath path, Settings s, Dialect dialect, int port, List<CardData> deck,
                       Collection<ProcessHandle> processes) throws IOException, InterruptedException {
        if (s.pathWarmupSeconds() <= 0) return;
        int most = s.connections().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<ProcessHandle> jvms = new ArrayList<>(processes);
        jvms.add(ProcessHandle.current());
        OptionalLong compiled = JitActivity.compileMillis(jvms);
        boolean jitVisible = compiled.isPresent();
        double spent = 0;
        double previous = -1;
        int steady = 0;
        int quiet = 0;
        while (spent < s.pathWarmupSeconds() && (steady < 2 || (jitVisible && quiet < 3))) {
            double round = Math.min(1, s.pathWarmupSeconds() - spent);
            double rate = LoadGenerator.run(closedLoop(s, dialect, port, most, round, deck)).answersPerSecond();
            spent += round;
            steady = previous > 0 && Math.abs(rate - previous) <= 0.10 * previous ? steady + 1 : 0;
            previous = rate;
            OptionalLong now = JitActivity.compileMillis(jvms);
            if (now.isEmpty() || compiled.isEmpty()) {
                jitVisible = false;
            } else {
                quiet = now.getAsLong() - compiled.getAsLong() <= round * 1000 * 0.05 ? quiet + 1 : 0;
            }
            compiled = now;
        }
        boolean settled = steady >= 2 && (!jitVisible || quiet >= 3);
        System.out.printf(Locale.ROOT, "bench: %-24s %-8s warmed up for %.0f s%s%n", path.label(),
                dialect.name().toLowerCase(Locale.ROOT), spent, settled ? jitVisible ? " (steady, the JIT quiet)" : " (steady)"
                        : " (the limit, --path-warmup)");
    }

    /** One load run, with the CPU that each of {@code processes} and this load generator spent per approval. */
    static PathRun load(BenchPath path, LoadPlan plan, Map<String, ProcessHandle> processes) throws IOException, InterruptedException {
        Map<String, ProcessHandle> measured = new HashMap<>(processes);
        measured.put(LOAD_GENERATOR, ProcessHandle.current());
        CpuMeter cpu = CpuMeter.start(measured, plan.warmup(), plan.duration());
        LoadReport report = LoadGenerator.run(plan);
        return PathRun.of(path, report, cpu.microsPerApproval(report.approvals()), cpu.threadMicrosPerApproval(report.approvals()));
    }

    static ProcessHandle process(String name, long pid) throws IOException {
        return ProcessHandle.of(pid).orElseThrow(() -> new IOException(name + " (pid " + pid + ") is not running"));
    }

    /** A load run as the settings say: paced at their rate, or a closed loop. */
    static LoadPlan plan(Settings s, Dialect dialect, int port, int connections, double warmupSeconds,
                         double durationSeconds, List<CardData> deck) {
        return plan(s, dialect, port, connections, s.rate(), warmupSeconds, durationSeconds, deck);
    }

    /** A closed loop without a warm-up of its own. */
    private static LoadPlan closedLoop(Settings s, Dialect dialect, int port, int connections, double seconds, List<CardData> deck) {
        return plan(s, dialect, port, connections, 0, 0, seconds, deck);
    }

    private static LoadPlan plan(Settings s, Dialect dialect, int port, int connections, double rate,
                                 double warmupSeconds, double durationSeconds, List<CardData> deck) {
        return new LoadPlan(dialect, "127.0.0.1", port, connections, seconds(warmupSeconds), seconds(durationSeconds), rate,
                s.inFlight(), TransactionMix.parse(s.mix()), deck, s.amount(), TERMINAL_PREFIX, MERCHANT_ID,
                MERCHANT_NAME, CURRENCY, REQUEST_TIMEOUT);
    }

    private Settings settings() {
        List<BenchPath> p = paths == null ? List.of(BenchPath.values())
                : paths.stream().map(BenchPath::parse).distinct().sorted().toList();
        List<String> d = dialects == null ? List.of("terminal", "van") : dialects.stream().map(x -> {
            Dialect parsed = Dialect.parse(x.trim());
            if (parsed == Dialect.HOST) throw new IllegalArgumentException("--dialects takes terminal and van (host is the switch's side)");
            return parsed.name().toLowerCase(Locale.ROOT);
        }).distinct().toList();
        List<Integer> c = connections != null ? connections : quick ? List.of(1, 16) : List.of(1, 16, 64);
        double dur = duration != null ? duration : quick ? 1 : 10;
        double wu = warmup != null ? warmup : quick ? 0.5 : 2;
        double pwu = pathWarmup != null ? pathWarmup : quick ? 5 : 90;
        int n = cards != null ? cards : quick ? 200 : 10_000;
        if (c.isEmpty() || c.stream().anyMatch(x -> x < 1 || x > 999_999)) throw new IllegalArgumentException("--connections must be 1 to 999999 each");
        if (dur <= 0 || wu < 0 || pwu < 0) throw new IllegalArgumentException("--duration must be positive, --warmup and --path-warmup not negative");
        if (n < 1) throw new IllegalArgumentException("--cards must be at least 1");
        double r = LoadPlan.pace(rate);
        if (inFlight < 1) throw new IllegalArgumentException("--in-flight must be at least 1");
        if (issueParallel < 1) throw new IllegalArgumentException("--issue-parallel must be at least 1");
        if (amount < 1 || amount > 500_000) throw new IllegalArgumentException("--amount must be 1 to 500000 minor units (the product's maximum transaction)");
        return new Settings(p.stream().map(BenchPath::key).toList(), d, List.copyOf(c), inFlight, r, pwu, wu, dur, n, amount, MIX);
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private <T extends AutoCloseable> T opened(T resource) {
        open.push(resource);
        return resource;
    }

    private void close(AutoCloseable resource) {
        if (!open.remove(resource)) return;
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("bench: stopping " + resource + ": " + e.getMessage());
        }
    }

    /** Stops what is still running, newest first; also run by the shutdown hook on Ctrl-C. */
    private void closeAll() {
        AutoCloseable r;
        while ((r = open.peekFirst()) != null) close(r);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
