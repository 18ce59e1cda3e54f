package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.veil.packagers.AdditionalAmounts;
import org.veil.packagers.HostMessages;

/** The switch over real sockets: jPOS channels of both dialects in front, the issuer's stand-in behind. */
@ExtendWith(RunningSwitch.class)
@Timeout(30)
class SwitchTest {
    private IssuerStandIn issuer;

    @BeforeEach
    void approveByDefault() {
        issuer = RunningSwitch.issuer;
        issuer.answerWith(IssuerStandIn::approve);
        issuer.received().clear();
    }

    @Test
    void terminalPurchaseIsApprovedWithFieldsEchoedAndBalances() throws Exception {
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = t.request("0200", EdgeClient.PAN, 1_250);
            ISOMsg resp = t.ask(req);
            assertEquals("0210", resp.getMTI());
            assertEquals("00", resp.getString(39));
            for (int f : new int[] {2, 3, 4, 7, 11, 12, 13, 37, 41, 42, 49}) {
                assertEquals(req.getString(f), resp.getString(f), "field " + f + " echoed");
            }
            assertEquals("A1B2C3", resp.getString(38));
            assertEquals(AdditionalAmounts.balances("840", 50_000, 48_000), resp.getString(54));

            ISOMsg host = single(issuer.received());
            assertEquals("2200", host.getMTI());
            assertEquals("10000000001", host.getString(32), "terminal edge's acquirer id");
            assertEquals("000000" + req.getString(11), host.getString(11));
            assertEquals("TERM0001", host.getString(41).trim());
            assertEquals(1_250, HostMessages.minorUnits(host));
        }
    }

    @Test
    void vanAuthorizationWithTrack2IsApprovedWithoutEchoingTrack2() throws Exception {
        try (EdgeClient v = EdgeClient.van()) {
            ISOMsg req = v.request("0100", EdgeClient.PAN, 900);
            req.unset(2);
            req.set(35, EdgeClient.PAN + "=29121010000000000");
            ISOMsg resp = v.ask(req);
            assertEquals("0110", resp.getMTI());
            assertEquals("00", resp.getString(39));
            assertFalse(resp.hasField(35), "track 2 is never echoed");
            assertFalse(resp.hasField(2));
            assertEquals(req.getString(11), resp.getString(11));
            assertEquals("VAN00001", resp.getString(41));
            assertNotNull(resp.getString(54));
            ISOMsg host = single(issuer.received());
            assertEquals("2100", host.getMTI());
            assertEquals("20000000001", host.getString(32), "VAN edge's acquirer id");
        }
    }

    @Test
    void hostActionCodesAreMappedToEdgeCodes() throws Exception {
        issuer.answerWith(IssuerStandIn.decline("1016"));
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            assertEquals("51", t.ask(t.request("0200", EdgeClient.PAN, 10)).getString(39));
            assertEquals("51", v.ask(v.request("0200", EdgeClient.PAN, 10)).getString(39));
        }
    }

    @Test
    void unknownTerminalGets03AndNothingReachesTheIssuer() throws Exception {
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = t.request("0200", EdgeClient.PAN, 100);
            req.set(41, "TERM9999");
            assertEquals("03", t.ask(req).getString(39));
            ISOMsg other = t.request("0200", EdgeClient.PAN, 100);
            other.set(42, "MERCHANT0000009");
            assertEquals("03", t.ask(other).getString(39));
        }
        assertTrue(issuer.received().isEmpty());
    }

    @Test
    void loadTestTerminalsAreKnownByPrefix() throws Exception {
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = t.request("0200", EdgeClient.PAN, 100);
            req.set(41, "LT000042");
            req.set(42, "LOADTEST0000001");
            assertEquals("00", t.ask(req).getString(39));
        }
    }

    @Test
    void missingOrIllFormedMandatoryFieldGets30() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            ISOMsg noAmount = t.request("0200", EdgeClient.PAN, 100);
            noAmount.unset(4);
            ISOMsg resp = t.ask(noAmount);
            assertEquals("0210", resp.getMTI());
            assertEquals("30", resp.getString(39));

            ISOMsg letters = v.request("0100", EdgeClient.PAN, 100);
            letters.set(4, "00000000A000");
            assertEquals("30", v.ask(letters).getString(39));

            ISOMsg condition = v.request("0200", EdgeClient.PAN, 100);
            condition.set(25, "0A"); // numeric (n2) though the rules give it no format of its own
            assertEquals("30", v.ask(condition).getString(39));
        }
        assertTrue(issuer.received().isEmpty());
    }

    @Test
    void unknownBinGets15() throws Exception {
        try (EdgeClient v = EdgeClient.van()) {
            assertEquals("15", v.ask(v.request("0200", EdgeClient.panOf("411111111111111"), 100)).getString(39));
        }
        assertTrue(issuer.received().isEmpty());
    }

    @Test
    void duplicateIsAnsweredFromTheJournalWithoutASecondForward() throws Exception {
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = t.request("0200", EdgeClient.PAN, 700);
            ISOMsg first = t.ask(req);
            ISOMsg again = t.ask(req);
            ISOMsg repeat = (ISOMsg) req.clone();
            repeat.setMTI("0201");
            ISOMsg third = t.ask(repeat);
            for (ISOMsg r : List.of(again, third)) {
                assertEquals("0210", r.getMTI());
                assertEquals("00", r.getString(39));
                assertEquals(first.getString(38), r.getString(38));
                assertEquals(first.getString(54), r.getString(54));
                assertEquals(req.getString(2), r.getString(2));
            }
        }
        assertEquals(1, issuer.received().size(), "forwarded once");
    }

    @Test
    void aNewKeyIsClaimedWithoutATableLookupAndAWrittenOneIsFoundInTheTable() throws Exception {
        JournalStore journal = JournalStore.get();
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = t.request("0200", EdgeClient.PAN, 701);
            long before = journal.tableLookups();
            ISOMsg first = t.ask(req);
            assertEquals("00", first.getString(39));
            assertEquals(before, journal.tableLookups(), "the filter rules a new key out: no lookup");
            awaitTrue(() -> !journal.isUnwritten(RequestKeys.idempotencyKey(req)));
            ISOMsg again = t.ask(req);
            assertEquals("00", again.getString(39));
            assertEquals(first.getString(38), again.getString(38));
            assertEquals(before + 1, journal.tableLookups(), "a written key is looked up, and its answer found");
        }
        assertEquals(1, issuer.received().size(), "forwarded once");
    }

    @Test
    void sameKeyWithDifferentAmountGets94() throws Exception {
        try (EdgeClient v = EdgeClient.van()) {
            ISOMsg req = v.request("0200", EdgeClient.PAN, 700);
            assertEquals("00", v.ask(req).getString(39));
            ISOMsg changed = (ISOMsg) req.clone();
            changed.set(4, "000000000701");
            assertEquals("94", v.ask(changed).getString(39));
        }
        assertEquals(1, issuer.received().size());
    }

    @Test
    void repeatWhileTheOriginalIsInFlightGets94() throws Exception {
        issuer.answerWith(r -> IssuerStandIn.HOLD);
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = t.request("0100", EdgeClient.PAN, 300);
            t.send(req);
            awaitTrue(() -> issuer.heldCount() == 1);
            ISOMsg repeat = (ISOMsg) req.clone();
            repeat.setMTI("0101");
            t.send(repeat);
            ISOMsg first = t.receive();
            assertEquals("94", first.getString(39));
            issuer.releaseHeldInReverse();
            assertEquals("00", t.receive().getString(39));
        }
    }

    @Test
    void manyRequestsInFlightOnOneConnectionAreAnsweredOutOfOrder() throws Exception {
        issuer.answerWith(r -> IssuerStandIn.HOLD);
        int n = 8;
        try (EdgeClient t = EdgeClient.terminal()) {
            Map<String, ISOMsg> sent = new HashMap<>();
            for (int i = 0; i < n; i++) {
                ISOMsg req = t.request("0200", EdgeClient.PAN, 100 + i);
                sent.put(req.getString(11), req);
                t.send(req);
            }
            awaitTrue(() -> issuer.heldCount() == n);
            issuer.releaseHeldInReverse();
            List<String> order = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                ISOMsg resp = t.receive();
                ISOMsg req = sent.remove(resp.getString(11));
                assertNotNull(req, "answer matches a request");
                assertEquals(req.getString(4), resp.getString(4));
                assertEquals("00", resp.getString(39));
                order.add(resp.getString(11));
            }
            assertTrue(sent.isEmpty());
            assertFalse(order.equals(order.stream().sorted().toList()), "answers came back out of order: " + order);
        }
    }

    @Test
    void networkManagementIsAnsweredByTheSwitch() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            for (EdgeClient c : List.of(t, v)) {
                for (String code : List.of("001", "002", "301")) {
                    ISOMsg m = c.echo();
                    m.set(70, code);
                    ISOMsg resp = c.ask(m);
                    assertEquals("0810", resp.getMTI());
                    assertEquals("00", resp.getString(39));
                    assertEquals(code, resp.getString(70));
                    assertEquals(m.getString(11), resp.getString(11));
                }
                ISOMsg keyChange = c.echo();
                keyChange.set(70, "101");
                assertEquals("03", c.ask(keyChange).getString(39), "a key change names a known terminal (41, 42)");
            }
        }
        assertTrue(issuer.received().isEmpty());
    }

    @Test
    void reversalAdviceIsForwardedAndAcknowledged() throws Exception {
        try (EdgeClient v = EdgeClient.van()) {
            ISOMsg sale = v.request("0200", EdgeClient.PAN, 500);
            assertEquals("00", v.ask(sale).getString(39));
            ISOMsg advice = v.request("0420", EdgeClient.PAN, 0);
            advice.set(37, sale.getString(37));
            advice.set(90, "0200" + sale.getString(11) + sale.getString(7) + "00000000000" + "00000000000");
            ISOMsg resp = v.ask(advice);
            assertEquals("0430", resp.getMTI());
            assertEquals("00", resp.getString(39));
            ISOMsg host = issuer.received().get(1);
            assertEquals("2420", host.getMTI());
            assertEquals("2200" + "000000" + sale.getString(11) + sale.getString(7) + "00000000000", host.getString(56));
            ISOMsg again = (ISOMsg) advice.clone();
            again.setMTI("0421");
            assertEquals("0430", v.ask(again).getMTI());
        }
        assertEquals(2, issuer.received().size(), "the 0421 repeat was answered from the journal");
    }

    static ISOMsg single(List<ISOMsg> msgs) {
        assertEquals(1, msgs.size(), "messages the issuer got");
        return msgs.get(0);
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("condition not met in 10 s");
            Thread.sleep(10);
        }
    }
}
