package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOServer;
import org.jpos.iso.ISOUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.veil.packagers.Dialect;

/**
 * Thousands of bad frames against both edge ports of a running switch, over many connections
 * at once: every frame gets what CONTRACT.md allows (a 30, 12 or other contract answer that
 * unpacks, silence when there is no request MTI, a closed connection when the framing broke),
 * and afterwards the ports still approve a purchase and no thread was left behind.
 * Replay a run with -Dveil.fuzz.seed=N (printed at the start), one session with -Dveil.fuzz.session=I.
 */
@ExtendWith(RunningSwitch.class)
@Timeout(180)
class EdgeFuzzTest {
    private static final int FRAMED_SESSIONS_PER_DIALECT = 50;
    private static final int CLOSING_SESSIONS_PER_DIALECT = 250;
    private static final int WORKERS = 8;
    private static final int READ_TIMEOUT_MS = 10_000;
    /** How long answers to a random stream may come before the stream ends. */
    private static final int STREAM_GRACE_MS = 200;
    /** Live threads the JVM may have beyond its baseline once the barrage is over (pool carriers, timers). */
    private static final int THREAD_SLACK = 12;
    private static final byte[] CLOSED = new byte[0];
    private static final AtomicInteger PROBE_STAN = new AtomicInteger(900_000);

    private record Session(int index, Dialect dialect, List<FuzzFrame> frames) {}

    private final FuzzTally tally = new FuzzTally();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger probes = new AtomicInteger();

    @Test
    void edgePortsSurviveBadInput() throws Exception {
        long seed = Long.getLong("veil.fuzz.seed", new SecureRandom().nextLong());
        System.out.println("EdgeFuzzTest seed " + seed + " (replay: -Dveil.fuzz.seed=" + seed + ")");
        RunningSwitch.issuer.answerWith(IssuerStandIn::approve);
        RunningSwitch.awaitLink(true);
        assertPurchaseApproved(); // warms both ports up before the baseline is taken
        int baselineThreads = LiveThreads.count();
        int baselinePlatform = ManagementFactory.getThreadMXBean().getThreadCount();

        List<Session> sessions = plan(seed);
        Integer only = Integer.getInteger("veil.fuzz.session");
        if (only != null) sessions = sessions.stream().filter(s -> s.index() == only).toList();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            for (Session s : sessions) pool.submit(() -> run(s));
            pool.shutdown();
            assertTrue(pool.awaitTermination(150, TimeUnit.SECONDS), "barrage finished");
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertPurchaseApproved();
        int afterThreads = settledThreads(baselineThreads + THREAD_SLACK);
        int afterPlatform = ManagementFactory.getThreadMXBean().getThreadCount();
        int terminalSessions = openSessions("terminal-server");
        int vanSessions = openSessions("van-server");
        int frames = tally.total("tried");
        Thread.sleep(500); // the journal writes in batches, behind the answers
        List<String> clear = new ArrayList<>(ClearPans.inLogs(FuzzFrames.PAN));
        clear.addAll(ClearPans.inJournal(FuzzFrames.PAN));

        String report = "Veil edge fuzz report" + System.lineSeparator()
                + "seed " + seed + " (replay: -Dveil.fuzz.seed=" + seed + ")" + System.lineSeparator()
                + String.format("frames tried %d over %d connections (%d workers at once) in %d ms; %d probe echoes proved silences%n",
                        frames, sessions.size(), WORKERS, millis, probes.get())
                + tally.table()
                + String.format("live threads (virtual included): baseline %d, after %d; platform threads: baseline %d, after %d%n",
                        baselineThreads, afterThreads, baselinePlatform, afterPlatform)
                + String.format("edge sessions still open after: terminal %d, van %d%n", terminalSessions, vanSessions)
                + "clear PANs in logs or journal: " + clear.size() + (clear.isEmpty() ? "" : " " + clear.stream().limit(5).toList()) + System.lineSeparator()
                + "failures: " + failures.size() + System.lineSeparator()
                + String.join(System.lineSeparator(), failures.stream().limit(20).toList()) + System.lineSeparator();
        System.out.print(report);
        Path file = Path.of("target", "fuzz-report.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);

        assertTrue(failures.isEmpty(), failures.size() + " frames got an answer CONTRACT.md does not allow, see " + file.toAbsolutePath());
        assertEquals(List.of(), clear, "card numbers in clear");
        if (only == null) {
            assertTrue(frames >= 5_000, "frames tried: " + frames);
            assertTrue(sessions.size() >= 50, "connections: " + sessions.size());
        }
        assertTrue(afterThreads <= baselineThreads + THREAD_SLACK, "live threads " + afterThreads + " against a baseline of " + baselineThreads);
        assertEquals(0, terminalSessions + vanSessions, "edge sessions left open");
    }

    /** Framed sessions (40 to 60 bad frames on one connection) and closing ones (0 to 2, then a broken frame). */
    private static List<Session> plan(long seed) throws ISOException {
        Random master = new Random(seed);
        List<Session> sessions = new ArrayList<>();
        for (Dialect d : new Dialect[] {Dialect.TERMINAL, Dialect.VAN}) {
            for (int i = 0; i < FRAMED_SESSIONS_PER_DIALECT + CLOSING_SESSIONS_PER_DIALECT; i++) {
                boolean closing = i >= FRAMED_SESSIONS_PER_DIALECT;
                FuzzFrames gen = new FuzzFrames(d, master.nextLong());
                List<FuzzCategory> framed = FuzzFrames.categories(d, false);
                List<FuzzFrame> frames = new ArrayList<>();
                for (int n = closing ? gen.nextInt(3) : 40 + gen.nextInt(21); n > 0; n--) {
                    frames.add(gen.next(framed.get(gen.nextInt(framed.size()))));
                }
                if (closing) {
                    List<FuzzCategory> broken = FuzzFrames.categories(d, true);
                    frames.add(gen.next(broken.get(gen.nextInt(broken.size()))));
                }
                sessions.add(new Session(sessions.size(), d, frames));
            }
        }
        Collections.shuffle(sessions, master); // dialects and kinds of session interleave across the workers
        return sessions;
    }

    private void run(Session s) {
        int i = 0;
        try (RawEdge edge = new RawEdge(s.dialect(), READ_TIMEOUT_MS)) {
            for (; i < s.frames().size(); i++) {
                FuzzFrame f = s.frames().get(i);
                tally.add(f.category(), s.dialect(), "tried");
                String problem = exchange(edge, f);
                if (problem != null) {
                    failures.add(where(s, i) + ": " + problem);
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            failures.add(where(s, i) + ": nothing within " + READ_TIMEOUT_MS + " ms");
        } catch (IOException | ISOException | RuntimeException e) {
            failures.add(where(s, i) + ": " + e);
        }
    }

    /** Sends one fuzzed frame and checks what came back; null when CONTRACT.md allows it. */
    private String exchange(RawEdge edge, FuzzFrame f) throws IOException, ISOException {
        Dialect d = edge.dialect;
        edge.write(f.bytes());
        // random bytes first get a moment to be answered: ending the stream at once would close the
        // session before any answer to what they happened to frame could leave
        if (f.endOfStream() && f.expect() != FuzzFrame.Expect.ANSWERS_THEN_CLOSE) edge.halfClose();
        switch (f.expect()) {
            case CLOSE -> {
                byte[] a = readOrClosed(edge);
                if (a != CLOSED) return "answered (" + a.length + " bytes) where the connection must close";
                tally.add(f.category(), d, "closed");
                return null;
            }
            case ANSWERS_THEN_CLOSE -> {
                edge.timeout(STREAM_GRACE_MS);
                boolean ended = false;
                while (true) {
                    byte[] a;
                    try {
                        a = readOrClosed(edge);
                    } catch (SocketTimeoutException e) {
                        if (ended) throw e;
                        edge.timeout(READ_TIMEOUT_MS);
                        edge.halfClose();
                        ended = true;
                        continue;
                    }
                    if (a == CLOSED) break;
                    ISOMsg m = new ISOMsg();
                    String problem = WireOracle.answerProblem(d, null, null, a, m);
                    if (problem == null && !WireOracle.CONTRACT_CODES.contains(m.getString(39))) problem = "answer 39=" + m.getString(39);
                    if (problem != null) return problem;
                    tally.add(f.category(), d, "answered " + m.getString(39) + " before closing");
                }
                tally.add(f.category(), d, "closed");
                return null;
            }
            case SILENCE -> {
                String stan = ISOUtil.zeropad(PROBE_STAN.getAndIncrement() % 1_000_000, 6);
                byte[] echo = FuzzFrames.echo(d, stan);
                edge.writeFrame(echo);
                probes.incrementAndGet();
                byte[] a = edge.readFrame();
                if (a == null) return "closed where it must stay silent and keep the connection";
                ISOMsg m = new ISOMsg();
                String problem = WireOracle.answerProblem(d, echo, null, a, m);
                if (problem != null) return "after a silent frame: " + problem;
                if (!"0810".equals(m.getString(0)) || !stan.equals(m.getString(11))) {
                    return "answered a frame without a request MTI: " + m.getString(0) + " 39=" + m.getString(39);
                }
                tally.add(f.category(), d, "silent");
                return null;
            }
            default -> {
                byte[] a = edge.readFrame();
                if (a == null) return "closed instead of answering (" + f.expect() + ")";
                byte[] request = Arrays.copyOfRange(f.bytes(), d == Dialect.TERMINAL ? 2 : 4, f.bytes().length);
                ISOMsg m = new ISOMsg();
                String problem = WireOracle.answerProblem(d, request, f.mti(), a, m);
                if (problem != null) return problem;
                String rc = m.getString(39);
                boolean allowed = switch (f.expect()) {
                    case ANSWER_30 -> "30".equals(rc);
                    case ANSWER_12 -> "12".equals(rc);
                    default -> WireOracle.CONTRACT_CODES.contains(rc);
                };
                if (!allowed) return "answered 39=" + rc + " where " + f.expect() + " was due";
                tally.add(f.category(), d, "answered " + rc);
                return null;
            }
        }
    }

    /** The next answer, or CLOSED when the switch ended the connection (a reset included: it closed with our bytes unread). */
    private static byte[] readOrClosed(RawEdge edge) throws IOException {
        try {
            byte[] a = edge.readFrame();
            return a == null ? CLOSED : a;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            return CLOSED;
        }
    }

    private static String where(Session s, int i) {
        FuzzFrame f = i < s.frames().size() ? s.frames().get(i) : null;
        String hex = f == null ? "" : ISOUtil.hexString(f.bytes());
        return String.format("session %d (%s) frame %d %s expecting %s [%s%s]", s.index(), s.dialect(), i,
                f == null ? "-" : f.category(), f == null ? "-" : f.expect(), hex.substring(0, Math.min(400, hex.length())), hex.length() > 400 ? "..." : "");
    }

    private static void assertPurchaseApproved() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            assertEquals("00", t.ask(t.request("0200", EdgeClient.PAN, 100)).getString(39), "TERMINAL purchase");
            assertEquals("00", v.ask(v.request("0200", EdgeClient.PAN, 100)).getString(39), "VAN purchase");
        }
    }

    /** Live threads once they are down to {@code target}, or after 15 s. */
    private static int settledThreads(int target) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        int n = LiveThreads.count();
        while (n > target && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            n = LiveThreads.count();
        }
        return n;
    }

    /** Edge sessions the server still holds open, once the last connections have had time to end. */
    private static int openSessions(String server) throws Exception {
        ISOServer s = ISOServer.getServer(server);
        long deadline = System.currentTimeMillis() + 10_000;
        while (s.getActiveConnections() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(50);
        return s.getActiveConnections();
    }
}
