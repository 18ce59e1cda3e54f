package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.jpos.transaction.TransactionConstants.ABORTED;
import static org.jpos.transaction.TransactionConstants.NO_JOIN;
import static org.jpos.transaction.TransactionConstants.PREPARED;

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

    @Test
    void votesAndCallsPassStraightThrough() {
        List<String> heard = new ArrayList<>();
        AbortParticipant p = new AbortParticipant() {
            @Override
            public int prepare(long id, Serializable context) {
                heard.add("prepare " + id);
                return PREPARED | NO_JOIN;
            }

            @Override
            public int prepareForAbort(long id, Serializable context) {
                heard.add("prepareForAbort " + id);
                return PREPARED;
            }

            @Override
            public void commit(long id, Serializable context) {
                heard.add("commit " + id);
            }

            @Override
            public void abort(long id, Serializable context) {
                heard.add("abort " + id);
            }
        };
        assertEquals(PREPARED | NO_JOIN, tm.prepare(p, 7, ctx));
        assertEquals(PREPARED, tm.prepareForAbort(p, 8, ctx));
        tm.commit(p, 9, ctx);
        tm.abort(p, 10, ctx);
        assertEquals(List.of("prepare 7", "prepareForAbort 8", "commit 9", "abort 10"), heard);
    }

    @Test
    void aParticipantThatThrowsVotesAbortedAndIsLeftOutOfTheAbort() {
        AbortParticipant failing = new AbortParticipant() {
            @Override
            public int prepare(long id, Serializable context) {
                throw new IllegalStateException("prepare failed");
            }

            @Override
            public int prepareForAbort(long id, Serializable context) {
                throw new IllegalStateException("prepareForAbort failed");
            }

            @Override
            public void commit(long id, Serializable context) {
                throw new IllegalStateException("commit failed");
            }

            @Override
            public void abort(long id, Serializable context) {
                throw new IllegalStateException("abort failed");
            }
        };
        assertEquals(ABORTED, tm.prepare(failing, 1, ctx));
        assertEquals(NO_JOIN, tm.prepareForAbort(failing, 1, ctx));
        tm.commit(failing, 1, ctx); // logged, not thrown: the other participants still commit
        tm.abort(failing, 1, ctx);
    }

    @Test
    void aParticipantThatIsNoAbortParticipantSitsOutAnAbort() {
        TransactionParticipant plain = (id, context) -> PREPARED;
        assertEquals(NO_JOIN, tm.prepareForAbort(plain, 1, ctx));
        assertTrue((tm.prepare(plain, 1, ctx) & PREPARED) != 0);
    }
}
