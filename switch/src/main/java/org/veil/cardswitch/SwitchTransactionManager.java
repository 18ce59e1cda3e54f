package org.veil.cardswitch;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.jdom2.Element;
import org.jpos.core.ConfigurationException;
import org.jpos.transaction.AbortParticipant;
import org.jpos.transaction.GroupSelector;
import org.jpos.transaction.TransactionManager;
import org.jpos.transaction.TransactionParticipant;
import org.jpos.util.Chronometer;
import org.jpos.util.LogEvent;
import org.jpos.util.Profiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jPOS's TransactionManager, calling each participant directly. Around every participant call jPOS renames the
 * session's thread (a String.format) and records two timers: with fifteen participants per authorization that was
 * about a tenth of the switch's CPU under load (JFR, scripts/bench --full-path --profile). Its loops over the
 * participants add, for each one, a JFR event named by another String.format, a profiler checkpoint, a trace line
 * and a histogram sample: another tenth (JFR, the same command, 2026-11-24). So the loops are Veil's too: each
 * participant in order, prepare until one votes ABORTED and prepareForAbort after it, then commit or abort those that
 * joined. What those loops leave out (groups and selectors, timeouts, requires/provides, recovery from a persistent
 * space) the switch does not use, and a descriptor that asks for it is refused at deploy; a RETRY vote counts as
 * ABORTED. The switch's latency figures come from the journal (elapsed_micros) and the load generator instead. A
 * participant that throws votes ABORTED, as in jPOS (one that throws preparing for an abort is left out of it), and
 * the failure goes to the switch's log rather than to the TM's silent logger.
 */
public class SwitchTransactionManager extends TransactionManager {
    private static final Logger log = LoggerFactory.getLogger(SwitchTransactionManager.class);

    @Override
    public void initService() throws ConfigurationException {
        super.initService();
        refuseWhatTheLoopsLeaveOut(getPersist());
        for (TransactionParticipant p : getParticipants(DEFAULT_GROUP)) {
            if (p instanceof GroupSelector)
                throw new ConfigurationException("SwitchTransactionManager: participant " + p.getClass().getName()
                        + " is a GroupSelector, which is not supported");
        }
    }

    /** A descriptor that relies on what jPOS's loops do and Veil's do not gets one clear line at deploy. */
    static void refuseWhatTheLoopsLeaveOut(Element txnmgr) throws ConfigurationException {
        if (!txnmgr.getChildren("group").isEmpty())
            throw new ConfigurationException("SwitchTransactionManager runs one list of participants: <group> is not supported");
        for (String property : List.of("max-time", "persistent-space", "recover")) {
            if (hasProperty(txnmgr, property))
                throw new ConfigurationException("SwitchTransactionManager: the " + property + " property is not supported");
        }
        for (Element p : txnmgr.getChildren("participant")) {
            String name = p.getAttributeValue("class");
            for (String attribute : List.of("timeout", "max-time")) {
                if (p.getAttribute(attribute) != null)
                    throw new ConfigurationException("SwitchTransactionManager: participant " + name + ": the "
                            + attribute + " attribute is not supported");
            }
            for (String child : List.of("requires", "provides", "optional")) {
                if (p.getChild(child) != null)
                    throw new ConfigurationException("SwitchTransactionManager: participant " + name + ": <" + child
                            + "> is not supported");
            }
        }
    }

    private static boolean hasProperty(Element e, String name) {
        return e.getChildren("property").stream().anyMatch(p -> name.equals(p.getAttributeValue("name")));
    }

    @Override
    protected int prepare(int session, long id, Serializable context, List<TransactionParticipant> members,
            Iterator<TransactionParticipant> iter, boolean abort, LogEvent evt, Profiler prof, Chronometer chronometer) {
        while (iter.hasNext()) {
            TransactionParticipant p = iter.next();
            int action = abort ? prepareForAbort(p, id, context) : prepare(p, id, context);
            if (!abort) abort = (action & PREPARED) == ABORTED;
            if ((action & NO_JOIN) == 0) members.add(p);
        }
        return abort ? ABORTED : PREPARED;
    }

    @Override
    protected void commit(int session, long id, Serializable context, List<TransactionParticipant> members,
            boolean recover, LogEvent evt, Profiler prof) {
        for (TransactionParticipant p : members) commit(p, id, context);
    }

    @Override
    protected void abort(int session, long id, Serializable context, List<TransactionParticipant> members,
            boolean recover, LogEvent evt, Profiler prof) {
        for (TransactionParticipant p : members) abort(p, id, context);
    }

    @Override
    protected int prepare(TransactionParticipant p, long id, Serializable context) {
        try {
            return p.prepare(id, context);
        } catch (Throwable t) {
            log.warn("transaction {}: {} failed to prepare: {}", id, p.getClass().getSimpleName(), t.toString(), t);
            return ABORTED;
        }
    }

    @Override
    protected int prepareForAbort(TransactionParticipant p, long id, Serializable context) {
        if (!(p instanceof AbortParticipant ap)) return NO_JOIN;
        try {
            return ap.prepareForAbort(id, context);
        } catch (Throwable t) {
            log.warn("transaction {}: {} failed to prepare for abort: {}", id, p.getClass().getSimpleName(), t.toString(), t);
            return NO_JOIN; // as jPOS does: a participant that failed here is not asked to abort
        }
    }

    @Override
    protected void commit(TransactionParticipant p, long id, Serializable context) {
        reportingFailure("commit", p, id, () -> p.commit(id, context));
    }

    @Override
    protected void abort(TransactionParticipant p, long id, Serializable context) {
        reportingFailure("abort", p, id, () -> p.abort(id, context));
    }

    /** A commit or abort that throws is logged: the transaction's other participants still get theirs. */
    private static void reportingFailure(String phase, TransactionParticipant p, long id, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            log.warn("transaction {}: {} failed to {}: {}", id, p.getClass().getSimpleName(), phase, t.toString(), t);
        }
    }
}
