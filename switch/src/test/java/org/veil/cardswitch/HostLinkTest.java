package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.veil.cardswitch.SwitchTest.awaitTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jpos.core.SimpleConfiguration;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOResponseListener;
import org.jpos.iso.channel.NACChannel;
import org.jpos.util.NameRegistrar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.packagers.Dialect;

/** The host link against an issuer on a loopback socket that answers when, and in the order, each test says. */
@Timeout(30)
class HostLinkTest {
    private ServerSocket listener;
    private HostLink link;
    private NACChannel issuer;

    @BeforeEach
    void start() throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(listener.getLocalPort()));
        p.setProperty("reconnect-delay", "100");
        link = new HostLink();
        link.setName("host-link-test");
        link.setConfiguration(new SimpleConfiguration(p));
        link.init();
        link.start();
        issuer = accept();
        awaitTrue(link::isConnected);
    }

    @AfterEach
    void stop() throws Exception {
        link.stop();
        link.destroy();
        issuer.disconnect();
        listener.close();
    }

    @Test
    void registersAsAMuxAndMatchesAnswersThatComeInAnotherOrder() throws Exception {
        assertEquals(link, NameRegistrar.get("mux.host-link-test"));
        answeredInReverseOrder("000001", "T1", "000002", "T1");
    }

    @Test
    void sameStanOnAnotherTerminalIsAnotherRequest() throws Exception {
        answeredInReverseOrder("000009", "T1", "000009", "T2");
    }

    /** Two requests in flight, answered last first: each caller gets the answer to its own request. */
    private void answeredInReverseOrder(String stanA, String terminalA, String stanB, String terminalB) throws Exception {
        CompletableFuture<ISOMsg> a = CompletableFuture.supplyAsync(() -> ask(stanA, terminalA, 5_000));
        ISOMsg ra = issuer.receive();
        CompletableFuture<ISOMsg> b = CompletableFuture.supplyAsync(() -> ask(stanB, terminalB, 5_000));
        ISOMsg rb = issuer.receive();
        issuer.send(answer(rb, "1116"));
        issuer.send(answer(ra, "0000"));
        ISOMsg answerA = a.get(5, TimeUnit.SECONDS);
        ISOMsg answerB = b.get(5, TimeUnit.SECONDS);
        assertEquals("0000", answerA.getString(39));
        assertEquals(Long.parseLong(stanA), Long.parseLong(answerA.getString(11)));
        assertEquals(terminalA, answerA.getString(41).trim());
        assertEquals("1116", answerB.getString(39));
        assertEquals(Long.parseLong(stanB), Long.parseLong(answerB.getString(11)));
        assertEquals(terminalB, answerB.getString(41).trim());
    }

    @Test
    void aRequestWithTheKeyOfOneInFlightIsRefused() throws Exception {
        CompletableFuture<ISOMsg> first = CompletableFuture.supplyAsync(() -> ask("000003", "T1", 5_000));
        ISOMsg r1 = issuer.receive();
        ISOException e = assertThrows(ISOException.class, () -> link.request(request("000003", "T1"), 1_000));
        assertTrue(e.getMessage().contains("duplicate key"), e.getMessage());
        issuer.send(answer(r1, "0000"));
        assertEquals("0000", first.get(5, TimeUnit.SECONDS).getString(39));
    }

    @Test
    void noAnswerInTimeIsNullAndALateAnswerIsDroppedWithoutHarm() throws Exception {
        long start = System.nanoTime();
        assertNull(link.request(request("000004", "T1"), 300));
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300, "waited the whole timeout");
        issuer.send(answer(issuer.receive(), "0000")); // too late: nobody waits for it
        awaitTrue(() -> link.unmatchedAnswers() == 1); // dropped before the same key is asked again
        CompletableFuture<ISOMsg> next = CompletableFuture.supplyAsync(() -> ask("000004", "T1", 5_000));
        issuer.send(answer(issuer.receive(), "1005"));
        assertEquals("1005", next.get(5, TimeUnit.SECONDS).getString(39), "the same key again gets its own answer");
    }

    @Test
    void aLostConnectionAnswersItsWaitersAtOnceAndTheLinkComesBack() throws Exception {
        CompletableFuture<ISOMsg> waiting = CompletableFuture.supplyAsync(() -> ask("000005", "T1", 20_000));
        assertNotNull(issuer.receive());
        long start = System.nanoTime();
        issuer.disconnect();
        assertNull(waiting.get(5, TimeUnit.SECONDS), "no answer will come on a closed connection");
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);

        issuer = accept(); // the link reconnects by itself
        awaitTrue(link::isConnected);
        CompletableFuture<ISOMsg> after = CompletableFuture.supplyAsync(() -> ask("000006", "T1", 5_000));
        issuer.send(answer(issuer.receive(), "0000"));
        assertEquals("0000", after.get(5, TimeUnit.SECONDS).getString(39));
    }

    @Test
    void aListenerHearsItsAnswerOrItsExpiry() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        ISOResponseListener listener = new ISOResponseListener() {
            @Override
            public void responseReceived(ISOMsg resp, Object handBack) {
                heard.add(handBack + " " + resp.getString(39));
            }

            @Override
            public void expired(Object handBack) {
                heard.add(handBack + " expired");
            }
        };
        link.request(request("000007", "T1"), 5_000, listener, "first");
        issuer.send(answer(issuer.receive(), "0000"));
        assertEquals("first 0000", heard.poll(5, TimeUnit.SECONDS));

        link.request(request("000008", "T1"), 200, listener, "second");
        assertNotNull(issuer.receive());
        assertEquals("second expired", heard.poll(5, TimeUnit.SECONDS));
        assertNull(heard.poll(300, TimeUnit.MILLISECONDS), "heard once");
    }

    @Test
    void whileTheIssuerIsDownNothingIsSentAndTheCallerIsToldAtOnce() throws Exception {
        link.stop();
        assertTrue(!link.isConnected());
        assertThrows(ISOException.class, () -> link.request(request("000010", "T1"), 5_000));
    }

    private NACChannel accept() throws Exception {
        NACChannel ch = new NACChannel();
        ch.setPackager(Dialect.HOST.packager());
        ch.accept(listener);
        return ch;
    }

    private ISOMsg ask(String stan, String terminal, long timeout) {
        try {
            return link.request(request(stan, terminal), timeout);
        } catch (ISOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ISOMsg request(String stan, String terminal) throws ISOException {
        ISOMsg m = new ISOMsg("2200");
        m.setPackager(Dialect.HOST.packager());
        m.set(11, stan);
        m.set(41, terminal);
        return m;
    }

    private static ISOMsg answer(ISOMsg request, String rc) throws ISOException {
        ISOMsg a = (ISOMsg) request.clone();
        a.setResponseMTI();
        a.set(39, rc);
        return a;
    }
}
