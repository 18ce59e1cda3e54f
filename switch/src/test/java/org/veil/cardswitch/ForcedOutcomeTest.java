package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.veil.cardswitch.SwitchTest.awaitTrue;
import static org.veil.cardswitch.SwitchTest.single;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.veil.packagers.Dialect;
import org.veil.packagers.HostMessages;
import org.veil.packagers.PrivateData;
import org.veil.packagers.ResponseCode;

/**
 * The shipped forced outcomes (cfg/switch/forced-outcomes.yml) over real sockets: merchant FORCED000000001
 * gets its answer by the amount's last two digits; every other acceptor takes the real path.
 */
@ExtendWith(RunningSwitch.class)
@Timeout(30)
class ForcedOutcomeTest {
    private static final String MERCHANT = "FORCED000000001";
    private static final List<String> FORCED_CODES = List.of("05", "51", "54", "55", "57", "61", "62", "63", "65", "75", "91", "96");
    private static final long SHIPPED_DELAY_MS = 3000;
    private IssuerStandIn issuer;

    @BeforeEach
    void approveByDefault() {
        issuer = RunningSwitch.issuer;
        issuer.answerWith(IssuerStandIn::approve);
        issuer.received().clear();
    }

    @Test
    void eachForcedCodeIsAnsweredWithoutReachingTheIssuer() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            for (String code : FORCED_CODES) {
                ISOMsg req = forced(t, "0200", 1_000 + Long.parseLong(code));
                ISOMsg resp = t.ask(req);
                assertEquals("0210", resp.getMTI());
                assertEquals(code, resp.getString(39), "amount " + req.getString(4));
                assertEquals(req.getString(4), resp.getString(4));
                assertEquals(req.getString(11), resp.getString(11));
                assertEquals("FORC0001", resp.getString(41));
            }
            ISOMsg auth = forced(v, "0100", 4_051);
            ISOMsg resp = v.ask(auth);
            assertEquals("0110", resp.getMTI());
            assertEquals("51", resp.getString(39));
            assertEquals("VANFORC1", resp.getString(41));
            assertEquals("forced: amount ending 51 declines 51", journaled(auth).outcome());
            assertEquals("51", journaled(auth).responseCode());
        }
        assertTrue(issuer.received().isEmpty(), "nothing forwarded: " + issuer.received().size());
    }

    @Test
    void otherAcceptorsWithTheSameAmountsTakeTheRealPath() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            assertEquals("00", t.ask(t.request("0200", EdgeClient.PAN, 1_051)).getString(39));
            assertEquals("00", v.ask(v.request("0100", EdgeClient.PAN, 1_099)).getString(39));
            ISOMsg partialCapable = partialCapable(t.request("0200", EdgeClient.PAN, 1_010));
            ISOMsg resp = t.ask(partialCapable);
            assertEquals("00", resp.getString(39));
            assertEquals("000000001010", resp.getString(4));
        }
        assertEquals(List.of(1_051L, 1_099L, 1_010L), issuer.received().stream().map(ForcedOutcomeTest::amount).toList());
    }

    @Test
    void aRepeatGetsTheSameForcedAnswer() throws Exception {
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = forced(t, "0200", 2_051);
            assertEquals("51", t.ask(req).getString(39));
            assertEquals("51", t.ask(req).getString(39), "the same request again");
            ISOMsg repeat = (ISOMsg) req.clone();
            repeat.setMTI("0201");
            ISOMsg resp = t.ask(repeat);
            assertEquals("0210", resp.getMTI());
            assertEquals("51", resp.getString(39));
        }
        assertTrue(issuer.received().isEmpty());
    }

    @Test
    void aSlowHostAnswersAfterTheDelayByTheRealPath() throws Exception {
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = forced(t, "0200", 1_077);
            long start = System.nanoTime();
            ISOMsg resp = t.ask(req);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("00", resp.getString(39), "the issuer's answer");
            assertTrue(millis >= SHIPPED_DELAY_MS && millis < SHIPPED_DELAY_MS + 2_000, "answered after the delay: " + millis + " ms");
            assertEquals(1_077, amount(single(issuer.received())));
            assertEquals("forced: amount ending 77 is slow (delayed 3000 ms); issuer answered", journaled(req).outcome());
        }
    }

    @Test
    void noAnswerForwardsNothingSendsNothingAndIsJournaled() throws Exception {
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = forced(t, "0200", 1_099);
            t.send(req);
            ISOMsg repeat = (ISOMsg) req.clone();
            repeat.setMTI("0201");
            t.send(repeat);
            Thread.sleep(1_500); // an answer to either would have been sent well within this
            ISOMsg echo = t.echo();
            ISOMsg first = t.ask(echo);
            assertEquals("0810", first.getMTI(), "nothing came back for the forced requests");
            assertEquals(echo.getString(11), first.getString(11));
            for (ISOMsg m : List.of(req, repeat)) {
                Row row = journaled(m);
                assertEquals("forced: amount ending 99 gets no answer (no answer)", row.outcome());
                assertNull(row.responseCode());
                assertNull(row.responseMti());
            }
        }
        assertTrue(issuer.received().isEmpty());
    }

    @Test
    void partialAsksTheIssuerForHalfAndTellsTheTerminal10WithThatAmount() throws Exception {
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = partialCapable(forced(t, "0200", 1_010));
            ISOMsg resp = t.ask(req);
            assertEquals("10", resp.getString(39));
            assertEquals("000000000505", resp.getString(4));
            assertEquals(505, amount(single(issuer.received())), "the issuer moves only the partial amount");
            assertEquals("forced: amount ending 10 is half approved (partial 50%: 505 asked); issuer answered", journaled(req).outcome());

            ISOMsg repeat = (ISOMsg) req.clone();
            repeat.setMTI("0201");
            ISOMsg again = t.ask(repeat);
            assertEquals("10", again.getString(39));
            assertEquals("000000000505", again.getString(4));
            assertEquals(1, issuer.received().size(), "the repeat is answered from the journal");
        }
    }

    @Test
    void partialPassesAnyOtherIssuerAnswerThrough() throws Exception {
        try (EdgeClient v = EdgeClient.van()) {
            issuer.answerWith(IssuerStandIn.decline(ResponseCode.INSUFFICIENT_FUNDS.hostCode()));
            assertEquals("51", v.ask(partialCapable(forced(v, "0100", 2_010))).getString(39));
            assertEquals(1_005, amount(single(issuer.received())));

            issuer.answerWith(req -> issuerPartial(req, 300)); // the issuer approves less still, on its own
            ISOMsg resp = v.ask(partialCapable(forced(v, "0100", 2_010)));
            assertEquals("10", resp.getString(39));
            assertEquals("000000000300", resp.getString(4));
        }
    }

    @Test
    void partialDoesNotApplyWithoutPartialApprovalCapability() throws Exception {
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = forced(t, "0200", 3_010);
            ISOMsg resp = t.ask(req);
            assertEquals("00", resp.getString(39));
            assertEquals("000000003010", resp.getString(4));
            assertEquals(3_010, amount(single(issuer.received())));
            assertEquals("issuer answered", journaled(req).outcome());
        }
    }

    private static ISOMsg forced(EdgeClient c, String mti, long amount) throws ISOException {
        ISOMsg m = c.request(mti, EdgeClient.PAN, amount);
        m.set(41, c.dialect == Dialect.TERMINAL ? "FORC0001" : "VANFORC1");
        m.set(42, MERCHANT);
        return m;
    }

    private static ISOMsg partialCapable(ISOMsg m) {
        m.set(48, PrivateData.empty().with(PrivateData.PARTIAL_APPROVAL, "Y").format());
        return m;
    }

    private static ISOMsg issuerPartial(ISOMsg req, long approved) {
        ISOMsg resp = IssuerStandIn.answer(req, ResponseCode.PARTIAL_APPROVAL.hostCode());
        try {
            resp.set(HostMessages.amount(approved, HostMessages.currency(req)));
        } catch (ISOException e) {
            throw new IllegalStateException(e);
        }
        return resp;
    }

    private static long amount(ISOMsg host) {
        try {
            return HostMessages.minorUnits(host);
        } catch (ISOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Row(String responseCode, String responseMti, String outcome) {}

    /** The journal row of a request (terminal + STAN), once written. */
    static Row journaled(ISOMsg req) throws Exception {
        awaitTrue(() -> row(req) != null);
        return row(req);
    }

    private static Row row(ISOMsg req) {
        try (Connection c = SwitchDatabase.get().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT response_code, response_mti, outcome FROM journal"
                     + " WHERE terminal_id = ? AND stan = ? AND mti = ? ORDER BY id")) {
            ps.setString(1, req.getString(41).trim());
            ps.setString(2, req.getString(11));
            ps.setString(3, req.getString(0));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Row(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
