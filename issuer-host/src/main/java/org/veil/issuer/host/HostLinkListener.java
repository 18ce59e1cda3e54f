package org.veil.issuer.host;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpos.core.Configurable;
import org.jpos.core.Configuration;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISORequestListener;
import org.jpos.iso.ISOSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.issuer.Issuer;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.HostMessages;
import org.veil.packagers.Mti;
import org.veil.packagers.ResponseCode;

/**
 * The host link's request listener: hands each request to a worker pool so many requests in flight on
 * one connection are decided concurrently (answers may leave out of order; the switch matches on 11 + 41).
 */
public class HostLinkListener implements ISORequestListener, Configurable {
    private static final Logger LOG = LoggerFactory.getLogger(HostLinkListener.class);
    /** Fields every answer echoes unchanged. */
    private static final int[] ECHO = {2, 3, 7, 11, 12, 32, 37, 41, 42};

    private ExecutorService workers;
    private volatile RequestProcessor processor;

    @Override
    public void setConfiguration(Configuration cfg) {
        int n = cfg.getInt("workers", 16);
        AtomicInteger seq = new AtomicInteger();
        // Daemon workers: the listener has no stop hook of its own, and queued work dies with the JVM anyway.
        workers = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "issuer-worker-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean process(ISOSource source, ISOMsg m) {
        if (workers == null) setConfiguration(new org.jpos.core.SimpleConfiguration());
        workers.execute(() -> answer(source, m));
        return true;
    }

    private void answer(ISOSource source, ISOMsg m) {
        try {
            // A payment waiting for its cardholder's confirmation completes later, on a worker, with no worker waiting meanwhile.
            respond(m).whenComplete((response, e) -> {
                try {
                    if (e != null) throw e instanceof Exception x ? x : new IllegalStateException(e);
                    if (response != null && source.isConnected()) source.send(response);
                } catch (Exception x) {
                    LOG.warn("cannot answer on the host link: {}", x.toString());
                }
            });
        } catch (Exception e) {
            LOG.warn("cannot answer on the host link: {}", e.toString());
        }
    }

    /** The answer to one request, or null for something that is not a request. */
    CompletableFuture<ISOMsg> respond(ISOMsg m) throws ISOException {
        String mti = m.getMTI();
        if (!Mti.isWellFormed(mti) || Mti.isResponse(mti)) return CompletableFuture.completedFuture(null);
        ISOMsg r = (ISOMsg) m.clone(ECHO);
        r.setMTI(Mti.responseOf(mti));
        r.setPackager(m.getPackager());
        if (mti.startsWith("28")) {
            if (m.hasField(24)) r.set(24, m.getString(24));
            String fc = m.getString(24);
            boolean known = "801".equals(fc) || "802".equals(fc) || "831".equals(fc);
            r.set(39, (known ? ResponseCode.APPROVED : ResponseCode.INVALID_TRANSACTION).hostCode());
            return CompletableFuture.completedFuture(r);
        }
        HostRequest request;
        try {
            request = HostRequestReader.read(m);
        } catch (MalformedRequest e) {
            LOG.info("format error in {} from terminal {}: {}", mti, m.getString(41), e.getMessage());
            r.set(39, ResponseCode.FORMAT_ERROR.hostCode());
            return CompletableFuture.completedFuture(r);
        }
        RequestProcessor p = processor();
        return p.processAsync(request, p.confirmWithinMillis(), workers).thenApply(a -> {
            try {
                return answer(m, r, request, a);
            } catch (ISOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    private static ISOMsg answer(ISOMsg m, ISOMsg r, HostRequest request, Answer a) throws ISOException {
        r.set(39, a.actionCode());
        if (a.approvalCode() != null) r.set(38, a.approvalCode());
        if (a.approvedAmount() != null && a.currency() != null) {
            r.set(HostMessages.amount(a.approvedAmount(), a.currency()));
        } else if (m.hasField(4)) {
            r.set(m.getComponent(4));
        }
        if (a.balances() != null) r.set(54, a.balances());
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} stan {} card {} -> {}", m.getMTI(), request.terminal(), request.stan(), CardNumbers.mask(request.pan()),
                    a.actionCode());
        }
        return r;
    }

    private RequestProcessor processor() {
        RequestProcessor p = processor;
        if (p == null) processor = p = Issuer.await().requests();
        return p;
    }
}
