package org.veil.cardswitch;

import java.io.Serializable;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.Dialect;
import org.veil.packagers.ResponseCode;

/**
 * Field 64: a request that carries it is verified with its terminal's MAC algorithm and key (terminal-security.yml);
 * a bad MAC, or none from a terminal that must MAC, is answered 63 and goes no further. A verified MAC is kept in
 * the Context so the answer is MACed alike (MacSigner).
 */
public class MacCheck implements TransactionParticipant {
    private static final Logger log = LoggerFactory.getLogger(MacCheck.class);
    private volatile TerminalKeys keys;

    @Override
    public int prepare(long id, Serializable context) {
        Context ctx = (Context) context;
        ISOMsg req = ctx.get(Ctx.REQUEST);
        String terminal = RequestKeys.trim(req.getString(41));
        try {
            SecurityProfile profile = keys().profile(terminal);
            if (!req.hasField(64)) {
                if (profile.requireMac()) return Decision.answer(ctx, ResponseCode.SECURITY_VIOLATION, "MAC missing (terminal must MAC)");
                return PREPARED | NO_JOIN;
            }
            EdgeMac mac = new EdgeMac(profile.mac(), keys().macKey(terminal, profile));
            Dialect dialect = ctx.get(Ctx.DIALECT);
            if (!mac.verifies(req, dialect)) {
                log.info("{} {} terminal {} STAN {}: bad MAC ({})", dialect, req.getString(0), terminal, req.getString(11), profile.mac().text);
                return Decision.answer(ctx, ResponseCode.SECURITY_VIOLATION, "bad MAC");
            }
            ctx.put(Ctx.MAC, mac);
            return PREPARED | NO_JOIN;
        } catch (ISOException e) {
            return Decision.answer(ctx, ResponseCode.FORMAT_ERROR, "MAC input cannot be packed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("MAC check of terminal {} failed: {}", terminal, e.getMessage());
            return Decision.answer(ctx, ResponseCode.SYSTEM_MALFUNCTION, "MAC check failed");
        }
    }

    private TerminalKeys keys() {
        TerminalKeys k = keys;
        if (k == null) keys = k = TerminalKeys.get();
        return k;
    }
}
