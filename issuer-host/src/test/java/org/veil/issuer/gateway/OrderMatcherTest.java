package org.veil.issuer.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.veil.issuer.gateway.OrderMatcher.Verdict;

/** The rules of paired requests: wait for the other side, match on equal amounts, decline a difference or an expired order. */
class OrderMatcherTest {
    @Test
    void rules() {
        assertEquals(Verdict.WAIT, OrderMatcher.judge(1000L, null, 2000, 1000));
        assertEquals(Verdict.WAIT, OrderMatcher.judge(null, 1000L, 2000, 1000));
        assertEquals(Verdict.MATCH, OrderMatcher.judge(1000L, 1000L, 2000, 1999));
        assertEquals(Verdict.AMOUNT_MISMATCH, OrderMatcher.judge(1000L, 999L, 2000, 1000));
        assertEquals(Verdict.AMOUNT_MISMATCH, OrderMatcher.judge(999L, 1000L, 2000, 1000));
        // expiry wins over everything, even a match: the pair completed too late
        assertEquals(Verdict.EXPIRED, OrderMatcher.judge(1000L, 1000L, 2000, 2000));
        assertEquals(Verdict.EXPIRED, OrderMatcher.judge(1000L, null, 2000, 5000));
    }
}
