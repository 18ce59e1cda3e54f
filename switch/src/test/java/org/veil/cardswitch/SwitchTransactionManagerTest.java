package org.veil.cardswitch;

import static org.jpos.transaction.TransactionConstants.ABORTED;
import static org.jpos.transaction.TransactionConstants.NO_JOIN;
import static org.jpos.transaction.TransactionConstants.PREPARED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.jpos.transaction.AbortParticipant;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.junit.jupiter.api.Test;

/** Participants are called directly, and one that throws is treated as jPOS treats it. */
class SwitchTransactionManagerTest {
    private final SwitchTransactionManager tm = new SwitchTransactionManager();
    private final Context ctx = new Context();

    /** Records each call, and answers it, or throws when told to fail. */
    private static final class Scripted implements AbortParticipant {
        final List<String> heard = new ArrayList<>();
        private final boolean fail;

        Scripted(boolean fail) {
            this.fail = fail;
        }

        private int call(String what, long id, int vote) {
            heard.add(what + " " + id);
            if (fail) throw new IllegalStateException(what + " failed");
            return vote;
        }

        @Override
        public int prepare(long id, Serializable context) {
            return call("prepare", id, PREPARED | NO_JOIN);
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
}
