package org.veil.cardswitch;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOResponseListener;
import org.jpos.iso.MUX;
import org.jpos.iso.channel.NACChannel;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.Dialect;

/**
 * One host link to an issuer (CMF, 2-byte length, no header), registered as {@code mux.<name>} for the routes and
 * MUXPools. The caller's thread writes its request to the socket and waits on a future of its own; one receiver thread
 * reads the answers and completes the future the answer's key (message class, STAN, terminal) names. It replaces
 * jPOS's ChannelAdaptor + QMUX pair, which handed every request and answer through a space and a thread each way:
 * under load those hand-offs and the space's one lock cost the switch more than its own work.
 * The link reconnects by itself; requests waiting on a connection that is lost get no answer (null) at once.
 */
public class HostLink extends QBeanSupport implements MUX, Runnable {
    private static final Logger log = LoggerFactory.getLogger(HostLink.class);
    /** Expires asynchronous requests; one daemon thread for every link. */
    private static final ScheduledThreadPoolExecutor EXPIRY = expiryTimer();

    private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
    private final AtomicLong unmatchedAnswers = new AtomicLong();
    private String host;
    private int port;
    private long reconnectDelay;
    private volatile NACChannel channel; // the connected channel, or null while down
    private volatile boolean running;
    private Thread receiver;

    @Override
    protected void initService() throws ConfigurationException {
        host = cfg.get("host", null);
        port = cfg.getInt("port", 0);
        if (host == null || host.isBlank() || port <= 0) {
            throw new ConfigurationException("host link " + getName() + ": host and port are required");
        }
        reconnectDelay = cfg.getLong("reconnect-delay", 1000);
        NameRegistrar.register(muxName(), this);
    }

    @Override
    protected void startService() {
        running = true;
        receiver = Thread.ofPlatform().name("host-link-" + getName()).daemon().start(this);
    }

    @Override
    protected void stopService() throws InterruptedException {
        running = false;
        NACChannel ch = channel;
        if (ch != null) disconnect(ch);
        if (receiver != null) {
            receiver.interrupt();
            receiver.join(5_000);
        }
        abandonWaiting();
    }

    @Override
    protected void destroyService() {
        NameRegistrar.unregister(muxName());
    }

    private String muxName() {
        return "mux." + getName();
    }

    @Override
    public boolean isConnected() {
        NACChannel ch = channel;
        return running && ch != null && ch.isConnected();
    }

    /** Answers that came late or matched no request in flight, and were dropped, since the link started. */
    public long unmatchedAnswers() {
        return unmatchedAnswers.get();
    }

    @Override
    public void send(ISOMsg m) throws IOException, ISOException {
        NACChannel ch = channel;
        if (ch == null) throw new IOException("host link " + getName() + " is down");
        ch.send(m);
    }

    /** The answer, or null when none came within {@code timeout} ms (or the link went down meanwhile). */
    @Override
    public ISOMsg request(ISOMsg m, long timeout) throws ISOException {
        Waiter w = new Waiter(null, null);
        String key = await(m, w);
        try {
            return w.answer.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Whoever took the waiter out (the answer, or a lost connection) completes it next.
            return waiting.remove(key, w) ? null : w.answer.join();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            waiting.remove(key, w);
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The listener hears the answer, on the receiver thread, or that it expired after {@code timeout} ms. */
    @Override
    public void request(ISOMsg m, long timeout, ISOResponseListener listener, Object handBack) throws ISOException {
        Waiter w = new Waiter(listener, handBack);
        String key = await(m, w);
        w.expiry = EXPIRY.schedule(() -> {
            if (waiting.remove(key, w)) w.expire();
        }, timeout, TimeUnit.MILLISECONDS);
        if (w.answer.isDone()) w.expiry.cancel(false); // answered (or lost) before the timer was set
    }

    /** Registers the waiter under the request's key and sends the request; a send that fails leaves nothing waiting. */
    private String await(ISOMsg m, Waiter w) throws ISOException {
        String key = key(m);
        if (waiting.putIfAbsent(key, w) != null) throw new ISOException("host link " + getName() + ": duplicate key " + key);
        try {
            send(m);
        } catch (IOException | ISOException | RuntimeException e) {
            waiting.remove(key, w);
            throw new ISOException("host link " + getName() + ": cannot send: " + e.getMessage());
        }
        return key;
    }

    /**
     * Message class, STAN and terminal: what a request and its answer share. A request not yet packed holds its STAN
     * and terminal as set; its answer holds them as packed (STAN zero-filled to 12 digits, terminal space-filled).
     */
    static String key(ISOMsg m) throws ISOException {
        String mti = m.getMTI();
        return mti.substring(0, 2) + '|' + withoutLeadingZeros(trimmed(m.getString(11))) + '|' + trimmed(m.getString(41));
    }

    private static String withoutLeadingZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') i++;
        return s.substring(i);
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.trim();
    }

    @Override
    public void run() {
        boolean reported = false;
        while (running) {
            NACChannel ch;
            try {
                ch = newChannel();
                ch.connect();
            } catch (IOException e) {
                if (!reported) log.warn("host link {} ({}:{}) not connected: {}; retrying every {} ms", getName(), host, port, e.getMessage(), reconnectDelay);
                reported = true;
                pause();
                continue;
            }
            reported = false;
            channel = ch;
            log.info("host link {} connected to {}:{}", getName(), host, port);
            receive(ch);
            channel = null;
            disconnect(ch);
            abandonWaiting();
            if (running) {
                log.warn("host link {} lost; reconnecting", getName());
                pause();
            }
        }
    }

    /** BaseChannel's own properties (host, port, connect-timeout, keep-alive) come from this bean's configuration. */
    private NACChannel newChannel() throws IOException {
        NACChannel ch = new NACChannel();
        ch.setPackager(Dialect.HOST.packager());
        try {
            ch.setConfiguration(cfg);
        } catch (ConfigurationException e) {
            throw new IOException(e.getMessage(), e);
        }
        // An idle link is not a broken one: no read timeout unless configured (a timeout mid-frame would lose step).
        ch.setTimeout(cfg.getInt("timeout", 0));
        return ch;
    }

    /** Reads answers until the connection ends. */
    private void receive(NACChannel ch) {
        while (running) {
            ISOMsg m;
            try {
                m = ch.receive();
            } catch (ISOException e) {
                log.warn("host link {}: an answer that does not unpack is dropped: {}", getName(), e.getMessage());
                continue; // the frame was read whole: the stream is still in step
            } catch (IOException | RuntimeException e) {
                if (running) log.info("host link {}: connection ended: {}", getName(), e.toString());
                return;
            }
            deliver(m);
        }
    }

    private void deliver(ISOMsg m) {
        String key;
        try {
            if (!m.isResponse()) {
                log.warn("host link {}: request {} from the issuer ignored (the switch takes none on a host link)", getName(), m.getMTI());
                return;
            }
            key = key(m);
        } catch (ISOException e) {
            log.warn("host link {}: an answer without an MTI is dropped", getName());
            return;
        }
        Waiter w = waiting.remove(key);
        if (w == null) {
            unmatchedAnswers.incrementAndGet();
            log.info("host link {}: late or unexpected answer {} STAN {} terminal {} dropped", getName(), m.getString(0),
                    m.getString(11), trimmed(m.getString(41)));
            return;
        }
        w.answered(m);
    }

    /** A lost connection brings no answers: whoever waits on it is told now, not at its timeout. */
    private void abandonWaiting() {
        for (Map.Entry<String, Waiter> e : waiting.entrySet()) {
            if (waiting.remove(e.getKey(), e.getValue())) e.getValue().expire();
        }
    }

    private static void disconnect(NACChannel ch) {
        try {
            ch.disconnect();
        } catch (IOException ignored) {
            // closing a socket that is already broken
        }
    }

    private void pause() {
        try {
            Thread.sleep(reconnectDelay);
        } catch (InterruptedException e) {
            // stopping: the loop sees running is false
        }
    }

    private static ScheduledThreadPoolExecutor expiryTimer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().name("host-link-expiry").daemon().unstarted(r));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** One request waiting for its answer: a blocked caller (no listener) or a listener. */
    private static final class Waiter {
        final CompletableFuture<ISOMsg> answer = new CompletableFuture<>();
        final ISOResponseListener listener;
        final Object handBack;
        volatile ScheduledFuture<?> expiry;

        Waiter(ISOResponseListener listener, Object handBack) {
            this.listener = listener;
            this.handBack = handBack;
        }

        void answered(ISOMsg m) {
            answer.complete(m);
            ScheduledFuture<?> f = expiry;
            if (f != null) f.cancel(false);
            if (listener != null) listener.responseReceived(m, handBack);
        }

        void expire() {
            answer.complete(null);
            ScheduledFuture<?> f = expiry;
            if (f != null) f.cancel(false);
            if (listener != null) listener.expired(handBack);
        }
    }
}
