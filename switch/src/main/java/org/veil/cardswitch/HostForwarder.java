package org.veil.cardswitch;

import java.io.Serializable;
import java.sql.SQLException;
import org.jpos.core.Configurable;
import org.jpos.core.Configuration;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.MUX;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.HostMessages;
import org.veil.packagers.Mti;
import org.veil.packagers.PrivateData;
import org.veil.packagers.ResponseCode;

/**
 * Sends the normalised (CMF) request over the routed issuer link and waits for the answer.
 * Link down → 91, nothing sent so nothing to reverse. No answer in time for an authorization
 * or financial request → 91 and a reversal advice into store-and-forward, because the issuer
 * may have approved it. A reversal or completion advice from an acquirer is acknowledged regardless:
 * when the issuer cannot take it now, store-and-forward delivers it later.
 */
public class HostForwarder implements TransactionParticipant, Configurable {
    private static final Logger log = LoggerFactory.getLogger(HostForwarder.class);
    private long timeout;
    private volatile StoreAndForward saf;

    @Override
    public void setConfiguration(Configuration cfg) {
        timeout = cfg.getLong("timeout", 5000);
    }

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg req = ctx.get(Ctx.REQUEST);
        Routes.Link link = ctx.get(Ctx.LINK);
        String mti = req.getString(0);
        String acquirer = ctx.get(Ctx.ACQUIRER);
        ISOMsg host;
        try {
            host = HostMessages.toHost(req, acquirer);
            securityFields(ctx, host);
            ForcedTreatment forced = ctx.get(Ctx.FORCED);
            if (forced != null) forced.narrowHostRequest(host);
        } catch (ISOException | RuntimeException e) {
            return Decision.answer(ctx, ResponseCode.FORMAT_ERROR, "cannot normalise: " + e.getMessage());
        }
        ctx.put(Ctx.HOST_REQUEST, host);
        boolean forwardLater = storable(mti);
        MUX mux = connected(link);
        if (mux == null) {
            if (forwardLater) return storeAndAcknowledge(ctx, host, link, "issuer link down");
            return Decision.answer(ctx, ResponseCode.ISSUER_UNAVAILABLE, "issuer link " + link.name() + " down");
        }
        ISOMsg answer = request(mux, host);
        if (answer != null) {
            ctx.put(Ctx.HOST_ANSWER, answer);
            ctx.put(Ctx.OUTCOME, "issuer answered");
            return PREPARED | NO_JOIN;
        }
        if (forwardLater) return storeAndAcknowledge(ctx, host, link, "issuer timeout");
        if (needsReversal(mti)) {
            try {
                saf().enqueue(ReversalAdvice.of(host, acquirer), link.muxes(), describe("reversal of", host));
                return Decision.answer(ctx, ResponseCode.ISSUER_UNAVAILABLE, "issuer timeout, reversal queued");
            } catch (ISOException | SQLException | RuntimeException e) {
                log.error("issuer timeout and the reversal of {} could not be queued: {}", describe("", host), e.toString());
                return Decision.answer(ctx, ResponseCode.ISSUER_UNAVAILABLE, "issuer timeout, reversal NOT queued");
            }
        }
        return Decision.answer(ctx, ResponseCode.ISSUER_UNAVAILABLE, "issuer timeout");
    }

    /**
     * A HostLink (or a MUXPool over HostLinks) parks this session on the request's own future until the answer or the
     * timeout: nothing else is woken and no timer is set. (QMUX's blocking request would park every waiting session on
     * one shared space, each answer waking them all; put a QMUX in a link's place only with that in mind.)
     */
    private ISOMsg request(MUX mux, ISOMsg host) {
        try {
            return mux.request(host, timeout);
        } catch (ISOException e) {
            return null;
        }
    }

    /**
     * The host's field 52 is the PIN block translated to the zone PIN key, never the terminal's; field 48 loses the
     * tags only terminal and switch use (KS, P4). A field 48 that does not parse goes as it came: the issuer answers 30.
     */
    private static void securityFields(Context ctx, ISOMsg host) {
        host.unset(52);
        byte[] pinBlock = ctx.get(Ctx.HOST_PIN_BLOCK);
        if (pinBlock != null) host.set(52, pinBlock);
        if (!host.hasField(48)) return;
        PrivateData data;
        try {
            data = PrivateData.parse(host.getString(48));
        } catch (IllegalArgumentException e) {
            return;
        }
        String kept = EdgeSecurityTags.strip(data);
        if (kept == null) host.unset(48);
        else host.set(48, kept);
    }

    /**
     * Reversal and completion advices: the acquirer has acted, so the switch takes them over. Both name
     * their original, so the stored copy needs no card number; an 0120 names a card, and card numbers never
     * rest in the queue, so it gets 91 and its acquirer repeats it.
     */
    private static boolean storable(String mti) {
        char cls = Mti.messageClass(mti);
        return Mti.isAdvice(mti) && (cls == '4' || cls == '2');
    }

    /** Authorizations and financial requests (and their repeats) may have moved money. */
    private static boolean needsReversal(String mti) {
        char cls = Mti.messageClass(mti);
        return (cls == '1' || cls == '2') && mti.charAt(2) == '0';
    }

    private int storeAndAcknowledge(Context ctx, ISOMsg host, Routes.Link link, String why) {
        try {
            saf().enqueue(host, link.muxes(), describe("advice", host));
            return Decision.answer(ctx, ResponseCode.APPROVED, why + ", advice stored for forwarding");
        } catch (ISOException | SQLException | RuntimeException e) {
            log.error("advice {} could not be stored: {}", describe("", host), e.toString());
            return Decision.answer(ctx, ResponseCode.ISSUER_UNAVAILABLE, why + ", advice NOT stored");
        }
    }

    private static String describe(String what, ISOMsg host) {
        return what + " " + host.getString(0) + " terminal " + host.getString(41) + " STAN " + host.getString(11)
                + " card " + CardNumbers.mask(host.getString(2));
    }

    private static MUX connected(Routes.Link link) {
        for (String name : link.muxes()) {
            Object o = NameRegistrar.getIfExists(name);
            if (o instanceof MUX mux && mux.isConnected()) return mux;
        }
        return null;
    }

    private StoreAndForward saf() {
        StoreAndForward q = saf;
        if (q == null) saf = q = StoreAndForward.get();
        return q;
    }
}
