package org.veil.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.veil.e2e.ProcessProbe.Sample;
import org.veil.packagers.Dialect;
import org.veil.terminal.LoadGenerator;
import org.veil.terminal.LoadReport;

/**
 * One soak against a running stack: funds the cards, samples both processes before the load, then at the end of
 * the warm-up, every so often, and at the end while the load still runs, then once its connections are closed;
 * then audits the ledger and reads the merchant's account for the money check.
 */
public final class SoakRun {
    private static final String PRODUCT = "PREPAID-USD";
    private static final int ISSUE_PARALLEL = 4;
    /** How long the switch gets to close the sessions of the load's connections before the "after" sample. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SoakSettings settings;
    private final VeilStack stack;
    private final PrintStream out;
    private final List<SoakResult.DataFiles> dataFiles = new CopyOnWriteArrayList<>();

    public SoakRun(SoakSettings settings, VeilStack stack, PrintStream out) {
        this.settings = settings;
        this.stack = stack;
        this.out = out;
    }

    public SoakResult run() throws IOException, InterruptedException {
        Instant startedAt = Instant.now();
        AdminClient admin = stack.admin();
        out.printf(Locale.ROOT, "soak: %s%n", settings.describe());
        FundedCards.Issued issued = FundedCards.issue(admin, PRODUCT, settings.cards(), SoakSettings.CARD_LOAD, ISSUE_PARALLEL,
                Duration.ofSeconds(Math.max(60, settings.cards() / 20L)));
        out.printf(Locale.ROOT, "soak: %d cards issued and loaded with %d each in %.1f s%n", settings.cards(),
                SoakSettings.CARD_LOAD, issued.took().toMillis() / 1000.0);
        long merchantBefore = merchantLedger(admin);
        List<ProcessWatch> watches = List.of(new ProcessWatch("issuer-host", stack.issuerPid(), false),
                new ProcessWatch("switch", stack.switchPid(), true));
        long t0 = System.nanoTime();
        sampleAll(watches, "before", t0);
        int port = settings.dialect() == Dialect.TERMINAL ? stack.ports().terminal() : stack.ports().van();
        Sampler sampler = new Sampler(watches, t0);
        Thread samplerThread = Thread.ofPlatform().daemon().name("soak-sampler").start(sampler);
        LoadReport report;
        try {
            report = LoadGenerator.run(settings.plan(port, issued.deck()));
        } finally {
            if (!samplerThread.join(Duration.ofSeconds(5))) samplerThread.interrupt();
            samplerThread.join();
        }
        if (sampler.failure != null) throw new IOException("sampling failed: " + sampler.failure.getMessage(), sampler.failure);
        awaitSessionsClosed(watches.get(1));
        sampleAll(watches, "after", t0);
        JsonNode audit = admin.audit();
        long merchantAfter = merchantLedger(admin);
        return new SoakResult(settings, startedAt, issued.took(), report, watches, List.copyOf(dataFiles), audit,
                merchantBefore, merchantAfter);
    }

    /** Start (warm-up over), every sampleEvery, and end: a few seconds before the load stops, its connections open. */
    private final class Sampler implements Runnable {
        private final List<ProcessWatch> watches;
        private final long t0;
        private volatile Exception failure;

        Sampler(List<ProcessWatch> watches, long t0) {
            this.watches = watches;
            this.t0 = t0;
        }

        @Override
        public void run() {
            long startAt = t0 + settings.warmup().toNanos();
            long lead = Math.min(TimeUnit.SECONDS.toNanos(5), settings.duration().toNanos() / 4);
            long endAt = startAt + settings.duration().toNanos() - lead;
            long every = settings.sampleEvery().toNanos();
            try {
                sleepUntil(startAt);
                sampleAll(watches, "start", t0);
                for (long next = startAt + every; next < endAt - every / 4; next += every) {
                    sleepUntil(next);
                    sampleAll(watches, "during", t0);
                }
                sleepUntil(endAt);
                sampleAll(watches, "end", t0);
            } catch (InterruptedException e) {
                failure = new IOException("the load ended before the end sample");
            } catch (Exception e) {
                failure = e;
            }
        }
    }

    private void sampleAll(List<ProcessWatch> watches, String label, long t0) throws IOException {
        double at = (System.nanoTime() - t0) / 1e9;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "soak: %-6s %6.1f s", label, at));
        for (ProcessWatch w : watches) {
            Sample s = w.sample(label, at);
            line.append(String.format(Locale.ROOT, "  %s heap %.1f MB, fds %d, threads %d", w.name(), s.heapKb() / 1024.0,
                    s.fds(), s.threads()));
        }
        SoakResult.DataFiles files = SoakResult.DataFiles.of(label, at, stack.dataDir());
        dataFiles.add(files);
        out.println(line.append("  data ").append(files.text()));
    }

    /** The switch closes a session when it reads the end of its stream: give it a moment to see them all. */
    private static void awaitSessionsClosed(ProcessWatch cardSwitch) throws InterruptedException {
        Sample before = cardSwitch.find("before");
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (System.nanoTime() < deadline && ProcessProbe.fds(cardSwitch.pid()) > before.fds() + ProcessWatch.LeakRule.FD_SLACK) {
            Thread.sleep(200);
        }
    }

    /** The load-test merchant's ledger balance (minor units); 0 before its first payment, when it has no account yet. */
    private static long merchantLedger(AdminClient admin) throws IOException {
        HttpResponse<String> r = admin.raw("GET", "/merchants/" + SoakSettings.MERCHANT_ID, null);
        if (r.statusCode() == 404) return 0;
        if (r.statusCode() != 200) throw new IOException("GET /merchants/" + SoakSettings.MERCHANT_ID + " -> " + r.statusCode() + " " + r.body());
        JsonNode m = JSON.readTree(r.body());
        return m.path("ledgers").path("840").asLong(m.path("ledger").asLong());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
    }
}
