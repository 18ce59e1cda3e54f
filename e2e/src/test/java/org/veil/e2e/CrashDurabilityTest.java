package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.RequestFactory;

/**
 * kill -9 of the issuer host, and of the switch, in the middle of a load: after a restart every approval a
 * terminal received is in the ledger, and everything else moved no money once the reversals (the switch's
 * own store-and-forward and the terminals' 0420s) are through. Concurrent terminals, so the issuer's commits
 * are written in groups when the kill comes.
 */
@Timeout(240)
class CrashDurabilityTest {
    private static final int TERMINALS = 8;
    private static final long LOAD = 1_000_000;
    private static final long RUN_AFTER_RESTART_MS = 2_500;
    private static VeilStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("crash", Map.of("veil.issuer.timeout.ms", "2000", "veil.saf.retry.ms", "300"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) stack.close();
    }

    @Test
    void approvalsSurviveKillOfTheIssuerHostMidLoad() throws Exception {
        runThroughACrash("issuer", () -> {
            stack.killIssuer();
            stack.startIssuer();
        });
        // The restart applied the redo log again (what was committed since the last checkpoint): it says how much.
        String replay = Files.readAllLines(stack.dataDir().resolve("log/issuer.log")).stream()
                .filter(l -> l.contains("records read")).reduce((a, b) -> b).orElse(null);
        assertNotNull(replay, "the issuer restarted after kill -9 without replaying its redo log");
        System.out.println("issuer restart: " + replay.substring(replay.indexOf("redo log")));
    }

    @Test
    void approvalsSurviveKillOfTheSwitchMidLoad() throws Exception {
        runThroughACrash("switch", () -> {
            stack.killSwitch();
            stack.startSwitch();
        });
    }

    private interface Crash {
        void run() throws Exception;
    }

    private void runThroughACrash(String name, Crash crash) throws Exception {
        List<IssuedCard> cards = new ArrayList<>();
        for (int i = 0; i < TERMINALS; i++) {
            cards.add(stack.admin().issueLoaded("PREPAID-USD", LOAD));
        }
        long[] stopAt = {Long.MAX_VALUE};
        List<Future<ReversingTerminal.Outcome>> running = new ArrayList<>();
        long restartedAt;
        try (ExecutorService pool = Executors.newFixedThreadPool(TERMINALS)) {
            for (int i = 0; i < TERMINALS; i++) {
                IssuedCard card = cards.get(i);
                // half the terminals on each edge, so both dialects live through the crash
                Dialect dialect = i % 2 == 0 ? Dialect.TERMINAL : Dialect.VAN;
                int port = dialect == Dialect.TERMINAL ? stack.ports().terminal() : stack.ports().van();
                RequestFactory rf = dialect == Dialect.TERMINAL
                        ? new RequestFactory("TERM000" + (i + 1), "MERCHANT0000001", "Veil Demo Coffee", "840")
                        : new RequestFactory("VAN0000" + (i + 1), "VANSHOP00000001", "Veil Demo Web Shop", "840");
                running.add(pool.submit(new ReversingTerminal(dialect, port, rf, CardData.keyed(card.pan(), card.expiry()),
                        () -> System.nanoTime() > stopAt[0])));
            }
            Thread.sleep(2_000);
            crash.run();
            restartedAt = System.nanoTime();
            stopAt[0] = restartedAt + RUN_AFTER_RESTART_MS * 1_000_000;
        }
        List<ReversingTerminal.Outcome> outcomes = new ArrayList<>();
        for (Future<ReversingTerminal.Outcome> f : running) outcomes.add(f.get());
        int approvals = outcomes.stream().mapToInt(ReversingTerminal.Outcome::approvals).sum();
        int unanswered = outcomes.stream().mapToInt(ReversingTerminal.Outcome::unanswered).sum();
        System.out.printf("kill -9 of the %s mid-load: %d approvals, %d declines, %d purchases unanswered and reversed%n",
                name, approvals, outcomes.stream().mapToInt(ReversingTerminal.Outcome::declines).sum(), unanswered);
        assertTrue(outcomes.stream().anyMatch(o -> o.lastApprovalNanos() > restartedAt), "no approval after the restart");

        for (int i = 0; i < TERMINALS; i++) {
            long id = cards.get(i).id();
            long expected = LOAD - outcomes.get(i).approved();
            assertEquals(expected, StackFixture.awaitLedger(stack.admin(), id, expected), "card " + id + " after kill -9 of the " + name
                    + " (" + outcomes.get(i) + ")");
        }
        StackFixture.assertLedgerAudits(stack.admin());
    }
}
