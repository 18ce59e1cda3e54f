package org.veil.cardswitch;

import static org.jpos.transaction.TransactionConstants.ABORTED;
import static org.jpos.transaction.TransactionConstants.NO_JOIN;
import static org.jpos.transaction.TransactionConstants.PREPARED;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.jdom2.Element;
import org.jpos.core.ConfigurationException;
import org.jpos.transaction.AbortParticipant;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.junit.jupiter.api.Test;

/**
 * Participants are called directly, in order, with jPOS's votes: one that throws is treated as jPOS treats it, and a
 * descriptor that asks for what the loops leave out is refused.
 */
class SwitchTransactionManagerTest {
    private final SwitchTransactionManager tm = new SwitchTransactionManager();
    private final Context ctx = new Context();

    /** Records each call, and answers it, or throws when told to fail. */
    private static final class Scripted implements AbortParticipant {
        final List<String> heard = new ArrayList<>();
        private final boolean fail;
        private final int vote;

        Scripted(boolean fail) {
            this(fail, PREPARED | NO_JOIN);
        }

        Scripted(boolean fail, int vote) {
            this.fail = fail;
            this.vote = vote;
        }

        private int call(String what, long id, int vote) {
            heard.add(what + " " + id);
            if (fail) throw new IllegalStateException(what + " failed");
            return vote;
        }

        @Override
        public int prepare(long id, Serializable context) {
            return call("prepare", id, vote);
        }

        @Override
        public int prepareForAbort(long id, Serializable context) {
            return call("prepareForAbort", id, PREPARED);
        }

        @Override
        public void commit(long id, Serializable context) {
            call("commit", id, 0);
        }

        @Override
        public void abort(long id, Serializable context) {
            call("abort", id, 0);
        }
    }

    @Test
    void votesAndCallsPassStraightThrough() {
        Scripted p = new Scripted(false);
        assertEquals(PREPARED | NO_JOIN, tm.prepare(p, 7, ctx));
        assertEquals(PREPARED, tm.prepareForAbort(p, 8, ctx));
        tm.commit(p, 9, ctx);
        tm.abort(p, 10, ctx);
        assertEquals(List.of("prepare 7", "prepareForAbort 8", "commit 9", "abort 10"), p.heard);
    }

    @Test
    void aParticipantThatThrowsVotesAbortedAndIsLeftOutOfTheAbort() {
        Scripted failing = new Scripted(true);
        assertEquals(ABORTED, tm.prepare(failing, 1, ctx));
        assertEquals(NO_JOIN, tm.prepareForAbort(failing, 1, ctx));
        tm.commit(failing, 1, ctx); // logged, not thrown: the other participants still commit
        tm.abort(failing, 1, ctx);
        assertEquals(List.of("prepare 1", "prepareForAbort 1", "commit 1", "abort 1"), failing.heard);
    }

    @Test
    void aParticipantThatIsNoAbortParticipantSitsOutAnAbort() {
        TransactionParticipant plain = (id, context) -> PREPARED;
        assertEquals(NO_JOIN, tm.prepareForAbort(plain, 1, ctx));
        assertTrue((tm.prepare(plain, 1, ctx) & PREPARED) != 0);
    }

    @Test
    void afterAnAbortedVoteTheRestPrepareForAbortAndThoseThatJoinedAreAborted() {
        Scripted joins = new Scripted(false, PREPARED);
        Scripted sitsOut = new Scripted(false);
        Scripted decides = new Scripted(false, ABORTED | NO_JOIN);
        Scripted after = new Scripted(false);
        TransactionParticipant plainAfter = (id, context) -> {
            throw new AssertionError("a participant that is no AbortParticipant is not prepared after an abort");
        };
        List<TransactionParticipant> members = new ArrayList<>();
        int result = tm.prepare(1, 5, ctx, members, List.of(joins, sitsOut, decides, after, plainAfter).iterator(),
                false, null, null, null);
        assertEquals(ABORTED, result);
        assertEquals(List.of(joins, after), members, "those whose vote lacks NO_JOIN, in order");
        assertEquals(List.of("prepare 5"), joins.heard);
        assertEquals(List.of("prepare 5"), decides.heard);
        assertEquals(List.of("prepareForAbort 5"), after.heard);

        tm.abort(1, 5, ctx, members, false, null, null);
        assertEquals(List.of("prepare 5", "abort 5"), joins.heard);
        assertEquals(List.of("prepareForAbort 5", "abort 5"), after.heard);
        assertEquals(List.of("prepare 5"), sitsOut.heard, "a participant that did not join hears nothing more");
    }

    @Test
    void whenAllArePreparedThoseThatJoinedCommitInOrder() {
        List<String> order = new ArrayList<>();
        Scripted first = new Scripted(false, PREPARED);
        Scripted second = new Scripted(false, PREPARED);
        TransactionParticipant noted = new TransactionParticipant() {
            @Override
            public int prepare(long id, Serializable context) {
                order.add("prepare");
                return PREPARED;
            }

            @Override
            public void commit(long id, Serializable context) {
                order.add("commit after " + first.heard.size() + " " + second.heard.size());
            }
        };
        List<TransactionParticipant> members = new ArrayList<>();
        assertEquals(PREPARED, tm.prepare(1, 6, ctx, members, List.of(first, second, noted).iterator(), false, null,
                null, null));
        tm.commit(1, 6, ctx, members, false, null, null);
        assertEquals(List.of("prepare 6", "commit 6"), first.heard);
        assertEquals(List.of("prepare 6", "commit 6"), second.heard);
        assertEquals(List.of("prepare", "commit after 2 2"), order, "commits run in the participants' order");
    }

    @Test
    void aDescriptorThatAsksForWhatTheLoopsLeaveOutIsRefused() {
        assertDoesNotThrow(() -> SwitchTransactionManager.refuseWhatTheLoopsLeaveOut(txnmgr()));
        Element grouped = txnmgr();
        grouped.addContent(new Element("group").setAttribute("name", "financial"));
        Element timed = txnmgr();
        timed.getChildren("participant").getFirst().setAttribute("timeout", "500");
        Element requiring = txnmgr();
        requiring.getChildren("participant").getFirst().addContent(new Element("requires").setText("REQUEST"));
        Element recovering = txnmgr();
        recovering.addContent(new Element("property").setAttribute("name", "persistent-space").setAttribute("value", "je:tm"));
        for (Element refused : List.of(grouped, timed, requiring, recovering)) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> SwitchTransactionManager.refuseWhatTheLoopsLeaveOut(refused));
            assertTrue(e.getMessage().startsWith("SwitchTransactionManager"), e.getMessage());
            assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        }
    }

    private static Element txnmgr() {
        Element e = new Element("txnmgr").setAttribute("class", SwitchTransactionManager.class.getName());
        e.addContent(new Element("property").setAttribute("name", "queue").setAttribute("value", "txnmgr"));
        e.addContent(new Element("participant").setAttribute("class", "org.veil.cardswitch.MandatoryFields"));
        return e;
    }
}
