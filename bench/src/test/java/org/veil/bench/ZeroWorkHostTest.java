package org.veil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.veil.packagers.Dialect;
import org.veil.packagers.HostMessages;
import org.veil.terminal.CardData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.RequestFactory;

/** The zero-work host over real sockets: every request approved, in each dialect, many in flight per connection. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZeroWorkHostTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int IN_FLIGHT = 25;
    private static ZeroWorkHost host;

    @BeforeAll
    static void start() throws Exception {
        host = ZeroWorkHost.start("127.0.0.1", new ZeroWorkHost.Ports(0, 0, 0), 2);
    }

    @AfterAll
    static void stop() {
        if (host != null) host.close();
    }

    private static List<CardData> cards() {
        return BenchCards.unissued(IN_FLIGHT);
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TERMINAL", "VAN"})
    void anEdgeGetsEveryRequestApprovedWithItsFieldsEchoed(Dialect dialect) throws Exception {
        int port = dialect == Dialect.TERMINAL ? host.ports().terminal() : host.ports().van();
        RequestFactory requests = new RequestFactory("LT000001", Bench.MERCHANT_ID, Bench.MERCHANT_NAME, Bench.CURRENCY);
        try (IsoClient client = IsoClient.connect(dialect, "127.0.0.1", port)) {
            List<ISOMsg> sent = new ArrayList<>();
            List<CompletableFuture<ISOMsg>> answers = new ArrayList<>();
            List<CardData> cards = cards();
            for (int i = 0; i < IN_FLIGHT; i++) {
                ISOMsg r = i % 5 == 4 ? requests.authorization(cards.get(i), 700 + i) : requests.purchase(cards.get(i), 100 + i);
                sent.add(r);
                answers.add(client.send(r, WAIT)); // all written before any answer is read
            }
            for (int i = 0; i < IN_FLIGHT; i++) {
                ISOMsg req = sent.get(i);
                ISOMsg ans = answers.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals(req.getMTI().equals("0100") ? "0110" : "0210", ans.getMTI());
                assertEquals("00", ans.getString(39));
                for (int f : new int[] {2, 4, 7, 11, 37, 41}) assertEquals(req.getString(f), ans.getString(f), "field " + f);
            }
            ISOMsg echo = client.call(requests.echo(), WAIT);
            assertEquals("0810", echo.getMTI());
            assertEquals("00", echo.getString(39));
            assertEquals(0, client.tpduMismatches(), "the answer's TPDU is the request's with its NIIs swapped");
            assertEquals(0, client.unmatchedAnswers());
        }
    }

    @Test
    void theHostLinkApprovesCmfRequestsMatchedOnStanAndTerminal() throws Exception {
        NACChannel channel = new NACChannel("127.0.0.1", host.ports().hostLink(), Dialect.HOST.packager(), null);
        channel.setTimeout(10_000);
        channel.connect();
        try {
            Map<String, ISOMsg> sent = new HashMap<>();
            List<CardData> cards = cards();
            for (int i = 0; i < IN_FLIGHT; i++) {
                String terminal = i % 2 == 0 ? "LT000001" : "LT000002"; // the same STAN may come from two terminals
                ISOMsg edge = new RequestFactory(terminal, Bench.MERCHANT_ID, Bench.MERCHANT_NAME, Bench.CURRENCY, 1 + i / 2)
                        .purchase(cards.get(i), 100 + i);
                ISOMsg cmf = HostMessages.toHost(edge, "10000000001");
                sent.put(cmf.getString(11) + "/" + cmf.getString(41), cmf);
                channel.send(cmf);
            }
            assertEquals(IN_FLIGHT, sent.size());
            for (int i = 0; i < IN_FLIGHT; i++) {
                ISOMsg ans = channel.receive();
                // CMF 41 is fixed-length: it comes back space-padded, as QMUX expects (it pads both sides).
                ISOMsg req = sent.remove(ans.getString(11) + "/" + ans.getString(41).trim());
                assertNotNull(req, "an answer matches a request on 11 + 41 (QMUX's key), in any order");
                assertEquals("2210", ans.getMTI());
                assertEquals("0000", ans.getString(39));
                assertEquals(HostMessages.minorUnits(req), HostMessages.minorUnits(ans));
                for (int f : new int[] {2, 7, 37, 42}) assertEquals(req.getString(f), ans.getString(f), "field " + f);
            }
            assertTrue(sent.isEmpty());
        } finally {
            channel.disconnect();
        }
    }

    @Test
    void aFrameThatIsNotARequestIsDroppedAndTheConnectionKeepsServing() throws Exception {
        long droppedBefore = host.dropped();
        RequestFactory requests = new RequestFactory("LT000003", Bench.MERCHANT_ID, Bench.MERCHANT_NAME, Bench.CURRENCY);
        try (IsoClient client = IsoClient.connect(Dialect.VAN, "127.0.0.1", host.ports().van())) {
            client.sendRaw("0004ABCD".getBytes(StandardCharsets.US_ASCII));
            ISOMsg ans = client.call(requests.purchase(cards().getFirst(), 100), WAIT);
            assertEquals("00", ans.getString(39));
        }
        assertEquals(droppedBefore + 1, host.dropped());
    }
}
