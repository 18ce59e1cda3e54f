package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veil.e2e.AdminClient.IssuedCard;
import org.veil.packagers.Dialect;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/**
 * An approval that left the issuer host survives kill -9 of it: concurrent purchases (so commits are
 * written in groups), SIGKILL right after the last answer, restart, and every approved amount is still there.
 */
class CrashDurabilityTest {
    private static final int TERMINALS = 8;
    private static final int PURCHASES = 25;
    private static final long LOAD = 100_000;
    private static VeilStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("crash", Map.of());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) stack.close();
    }

    @Test
    void approvalsSurviveKillOfTheIssuerHost() throws Exception {
        List<IssuedCard> cards = new ArrayList<>();
        for (int i = 0; i < TERMINALS; i++) {
            IssuedCard card = stack.admin().issueCard("PREPAID-USD");
            stack.admin().load(String.valueOf(card.id()), LOAD, "crash-load-" + card.id());
            cards.add(card);
        }
        List<Future<Long>> approved = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(TERMINALS)) {
            for (int i = 0; i < TERMINALS; i++) {
                IssuedCard card = cards.get(i);
                String terminal = "TERM000" + (i + 1);
                approved.add(pool.submit(() -> purchase(card, terminal)));
            }
        }
        List<Long> spent = new ArrayList<>();
        for (Future<Long> f : approved) spent.add(f.get());
        stack.killIssuer();
        stack.startIssuer();
        for (int i = 0; i < TERMINALS; i++) {
            String id = String.valueOf(cards.get(i).id());
            assertEquals(LOAD - spent.get(i), stack.admin().ledger(id), "card " + id + " after kill -9 and restart");
        }
        StackFixture.assertLedgerAudits(stack.admin());
    }

    /** The amount approved on one card through one terminal connection. */
    private static long purchase(IssuedCard card, String terminal) throws Exception {
        RequestFactory rf = new RequestFactory(terminal, "MERCHANT0000001", "Veil Demo Coffee", "840");
        CardData data = CardData.keyed(card.pan(), card.expiry());
        long spent = 0;
        try (IsoClient c = IsoClient.connect(Dialect.TERMINAL, "127.0.0.1", stack.ports().terminal())) {
            for (int i = 0; i < PURCHASES; i++) {
                if ("00".equals(c.call(rf.purchase(data, 100 + i), Duration.ofSeconds(15)).getString(39))) spent += 100 + i;
            }
        }
        return spent;
    }
}
