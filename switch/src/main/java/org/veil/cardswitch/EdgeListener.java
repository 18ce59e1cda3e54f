package org.veil.cardswitch;

import org.jpos.core.Configurable;
import org.jpos.core.Configuration;
import org.jpos.core.ConfigurationException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISORequestListener;
import org.jpos.iso.ISOSource;
import org.jpos.space.Space;
import org.jpos.space.SpaceFactory;
import org.jpos.transaction.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.Dialect;
import org.veil.packagers.Mti;

/**
 * Hands each edge request to the TransactionManager and returns at once, so one connection
 * can have many requests in flight and answers go back as they are ready. A request that did
 * not unpack whole goes too, marked, to be answered 30; a frame with no request MTI is dropped.
 */
public class EdgeListener implements ISORequestListener, Configurable {
    private static final Logger log = LoggerFactory.getLogger(EdgeListener.class);

    private Space<String, Context> space;
    private String queue;
    private Dialect dialect;
    private String acquirerId;

    @Override
    @SuppressWarnings("unchecked")
    public void setConfiguration(Configuration cfg) throws ConfigurationException {
        space = (Space<String, Context>) SpaceFactory.getSpace(cfg.get("space", ""));
        queue = cfg.get("queue", "txnmgr");
        try {
            dialect = Dialect.parse(cfg.get("dialect", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        acquirerId = cfg.get("acquirer-id", "");
        if (!acquirerId.matches("[0-9]{1,11}")) throw new ConfigurationException("acquirer-id must be 1 to 11 digits");
    }

    @Override
    public boolean process(ISOSource source, ISOMsg m) {
        try {
            String mti = m.getString(0);
            if (!Mti.isWellFormed(mti)) {
                // No answer can be addressed without a response MTI. The connection stays open: its length
                // prefix was sound, so the next frame starts where this one ended (CONTRACT.md).
                log.info("{} frame without a usable MTI ignored", dialect);
                return true;
            }
            if (Mti.isResponse(mti)) {
                // a response or acknowledgement: nobody at the edge was asked anything
                log.info("{} unsolicited response {} ignored", dialect, mti);
                return true;
            }
            Context ctx = new Context();
            ctx.put(Ctx.RECEIVED_NANOS, System.nanoTime());
            ctx.put(Ctx.REQUEST, m);
            ctx.put(Ctx.SOURCE, source);
            ctx.put(Ctx.DIALECT, dialect);
            ctx.put(Ctx.ACQUIRER, acquirerId);
            String malformed = EdgeRequest.malformation(m);
            if (malformed != null) {
                ctx.put(Ctx.MALFORMED, malformed);
                log.info("{} {} malformed: {}", dialect, mti, malformed);
            }
            space.out(queue, ctx);
        } catch (RuntimeException e) {
            // a listener that throws ends the peer's session; the frame's content stays out of the log
            log.error("{} request not taken: {}", dialect, e.getClass().getName());
        }
        return true;
    }
}
