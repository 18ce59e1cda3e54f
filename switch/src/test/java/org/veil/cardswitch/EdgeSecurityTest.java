package org.veil.cardswitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.veil.packagers.Dialect;
import org.veil.packagers.PrivateData;
import org.veil.security.KeyRole;
import org.veil.security.WorkingKeys;

/**
 * Card security at the edge over real sockets, both dialects (cfg/switch/terminal-security.yml): MACs verified and
 * answers MACed, PIN blocks translated to the zone PIN key for the issuer, key change, and no secret in logs or journal.
 * Requests are built with the security primitives (TerminalSide), as a terminal would.
 */
@ExtendWith(RunningSwitch.class)
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeSecurityTest {
    private static final SecretKey TAK = TerminalSide.key(KeyRole.TAK);
    private static final SecretKey TAK_AES = TerminalSide.key(KeyRole.TAK_AES);
    private static final SecretKey TPK = TerminalSide.key(KeyRole.TPK);
    private static final SecretKey TMK = TerminalSide.key(KeyRole.TMK);
    private IssuerStandIn issuer;

    @BeforeEach
    void approveByDefault() {
        issuer = RunningSwitch.issuer;
        issuer.answerWith(IssuerStandIn::approve);
        issuer.received().clear();
    }

    @Test
    @Order(1)
    void retailMacIsVerifiedAndTheAnswerMacedOnBothDialects() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            for (EdgeClient c : List.of(t, v)) {
                ISOMsg req = TerminalSide.retailMac(sale(c, c.terminalId(), 1_000), c.dialect, TAK);
                ISOMsg resp = c.ask(req);
                assertEquals("00", resp.getString(39), c.dialect + " approved");
                assertTrue(TerminalSide.retailMacOk(resp, c.dialect, TAK), c.dialect + ": the answer's MAC is the retail MAC under the TAK");
                assertNotNull(hostMessage(c.terminalId(), req), "forwarded");
                ISOMsg plain = c.ask(sale(c, c.terminalId(), 1_000));
                assertEquals("00", plain.getString(39), "no MAC on a terminal that need not MAC: accepted");
                assertFalse(plain.hasField(64), "and answered without one");
            }
        }
    }

    @Test
    @Order(2)
    void aesCmacIsVerifiedAndTheAnswerMacedOnBothDialects() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            for (EdgeClient c : List.of(t, v)) {
                String terminal = c == t ? "TERM0003" : "VAN00003";
                ISOMsg req = TerminalSide.aesMac(sale(c, terminal, 2_000), c.dialect, TAK_AES);
                ISOMsg resp = c.ask(req);
                assertEquals("00", resp.getString(39), terminal);
                assertTrue(TerminalSide.aesMacOk(resp, c.dialect, TAK_AES), terminal + ": the answer's MAC is the AES-CMAC (8 bytes)");
                ISOMsg retail = c.ask(TerminalSide.retailMac(sale(c, terminal, 2_000), c.dialect, TAK));
                assertEquals("63", retail.getString(39), terminal + " MACs with AES-CMAC, a retail MAC is wrong");
            }
        }
    }

    @Test
    @Order(3)
    void badMacIs63WithoutMacAndReachesNoIssuer() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            for (EdgeClient c : List.of(t, v)) {
                ISOMsg req = TerminalSide.retailMac(sale(c, c.terminalId(), 3_000), c.dialect, TAK);
                req.set(4, "000000003001"); // changed after the MAC was computed
                ISOMsg resp = c.ask(req);
                assertEquals("63", resp.getString(39), c.dialect + ": bad MAC");
                assertFalse(resp.hasField(64), "a 63 carries no MAC");
                assertEquals("bad MAC", journalOutcome(c.terminalId(), req.getString(11)));
            }
        }
        Thread.sleep(200);
        assertEquals(List.of(), issuer.received(), "the issuer saw nothing");
    }

    @Test
    @Order(4)
    void aTerminalThatMustMacIsAnswered63WithoutOne() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            for (EdgeClient c : List.of(t, v)) {
                String terminal = c == t ? "TERM0009" : "VAN00009";
                ISOMsg bare = sale(c, terminal, 4_000);
                assertEquals("63", c.ask(bare).getString(39), terminal + " without field 64");
                assertEquals("MAC missing (terminal must MAC)", journalOutcome(terminal, bare.getString(11)));
                ISOMsg echo = c.echo();
                echo.set(41, terminal);
                assertEquals("63", c.ask(echo).getString(39), "an 0800 too");
                ISOMsg maced = TerminalSide.retailMac(sale(c, terminal, 4_000), c.dialect, TAK);
                ISOMsg resp = c.ask(maced);
                assertEquals("00", resp.getString(39), terminal + " with its MAC");
                assertTrue(TerminalSide.retailMacOk(resp, c.dialect, TAK));
            }
        }
        assertEquals(2, issuer.received().size(), "only the MACed requests reached the issuer");
    }

    @Test
    @Order(5)
    void aRepeatIsAnsweredFromTheJournalWithAFreshMac() throws Exception {
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg req = TerminalSide.retailMac(sale(t, "TERM0002", 5_000), Dialect.TERMINAL, TAK);
            ISOMsg first = t.ask(req);
            ISOMsg repeat = (ISOMsg) req.clone();
            repeat.setMTI("0201");
            TerminalSide.retailMac(repeat, Dialect.TERMINAL, TAK);
            ISOMsg again = t.ask(repeat);
            assertEquals("00", again.getString(39));
            assertEquals(first.getString(38), again.getString(38), "the original's answer");
            assertTrue(TerminalSide.retailMacOk(again, Dialect.TERMINAL, TAK), "MACed as the 0211 it is");
            assertEquals(1, issuer.received().size(), "the repeat did not reach the issuer");
        }
    }

    @Test
    @Order(6)
    void corruptMacFaultSpoilsTheRealMac() throws Exception {
        ControlClient.clearAll();
        ControlClient.add(Map.of("terminal", "TERM0002", "kind", "corrupt-mac", "times", 1));
        try (EdgeClient t = EdgeClient.terminal()) {
            ISOMsg resp = t.ask(TerminalSide.retailMac(sale(t, "TERM0002", 6_000), Dialect.TERMINAL, TAK));
            assertEquals("00", resp.getString(39));
            assertFalse(TerminalSide.retailMacOk(resp, Dialect.TERMINAL, TAK), "field 64 is no MAC");
            byte[] inverted = resp.getBytes(64).clone();
            for (int i = 0; i < 8; i++) inverted[i] = (byte) ~inverted[i];
            resp.set(64, inverted);
            assertTrue(TerminalSide.retailMacOk(resp, Dialect.TERMINAL, TAK), "it is the real MAC inverted");
        } finally {
            ControlClient.clearAll();
        }
    }

    @Test
    @Order(10)
    void pinBlocksOfEveryKindReachTheIssuerUnderTheZonePinKey() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            for (EdgeClient c : List.of(t, v)) {
                ISOMsg tdes = sale(c, c.terminalId(), 700);
                TerminalSide.tdesPin(tdes, TPK);
                assertPinForwarded(c, tdes, "tdes");

                String dukptTerminal = c == t ? "TERM0004" : "VAN00004";
                for (int counter : new int[] {1, 2, 3, 9, 0x10}) {
                    ISOMsg dukpt = sale(c, dukptTerminal, 710 + counter);
                    TerminalSide.dukptPin(dukpt, counter, "OR005ord-" + counter % 10);
                    assertPinForwarded(c, dukpt, "dukpt counter " + counter);
                    assertEquals("OR005ord-" + counter % 10, hostMessage(dukptTerminal, dukpt).getString(48), "KS gone, other tags kept");
                }

                String aesTerminal = c == t ? "TERM0003" : "VAN00003";
                ISOMsg aes = sale(c, aesTerminal, 720);
                TerminalSide.aesPin(aes, "");
                TerminalSide.aesMac(aes, c.dialect, TAK_AES);
                ISOMsg resp = assertPinForwarded(c, aes, "aes");
                assertFalse(hostMessage(aesTerminal, aes).hasField(48), "P4 gone, nothing left of field 48");
                assertTrue(TerminalSide.aesMacOk(resp, c.dialect, TAK_AES));
            }
        }
    }

    @Test
    @Order(11)
    void aPinBlockThatCannotBeTranslatedIs30AndReachesNoIssuer() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            for (EdgeClient c : List.of(t, v)) {
                ISOMsg wrongKey = sale(c, c.terminalId(), 800);
                TerminalSide.tdesPin(wrongKey, TerminalSide.key(KeyRole.PVK));
                assertEquals("30", c.ask(wrongKey).getString(39), "a block under another key");
                assertTrue(journalOutcome(c.terminalId(), wrongKey.getString(11)).startsWith("PIN block not translatable"));

                ISOMsg p4OnTdes = sale(c, c.terminalId(), 801);
                TerminalSide.aesPin(p4OnTdes, "");
                assertEquals("30", c.ask(p4OnTdes).getString(39), "a P4 from a tdes terminal");

                ISOMsg noKsn = sale(c, c == t ? "TERM0004" : "VAN00004", 802);
                TerminalSide.tdesPin(noKsn, TPK);
                assertEquals("30", c.ask(noKsn).getString(39), "a dukpt block without its KSN");

                ISOMsg zeroCounter = sale(c, c == t ? "TERM0004" : "VAN00004", 803);
                TerminalSide.tdesPin(zeroCounter, TPK);
                zeroCounter.set(48, "KS020" + TerminalSide.KSN_BASE + "00000");
                assertEquals("30", c.ask(zeroCounter).getString(39), "a KSN no transaction key uses");
            }
        }
        Thread.sleep(200);
        assertEquals(List.of(), issuer.received(), "the issuer saw nothing");
    }

    @Test
    @Order(20)
    void keyChangeSendsNewKeysThatTheTerminalUsesFromTheNextRequest() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            for (EdgeClient c : List.of(t, v)) {
                String terminal = c == t ? "LTKEY001" : "LTKEY002";
                issuer.received().clear();
                ISOMsg change = keyChange(c, terminal);
                TerminalSide.retailMac(change, c.dialect, TAK);
                ISOMsg resp = c.ask(change);
                assertEquals("0810", resp.getMTI());
                assertEquals("00", resp.getString(39), terminal + " key change");
                assertTrue(TerminalSide.retailMacOk(resp, c.dialect, TAK), "the 0810 is MACed under the old TAK");
                PrivateData keys = PrivateData.parse(resp.getString(48));
                SecretKey newTpk = accept(keys.get("PK"));
                SecretKey newTak = accept(keys.get("MK"));
                assertFalse(HexFormat.of().formatHex(newTak.getEncoded()).equals(HexFormat.of().formatHex(TAK.getEncoded())));
                assertEquals(List.of(), issuer.received(), "the issuer has no part in it");

                ISOMsg next = TerminalSide.retailMac(pinSale(c, terminal, 900, newTpk), c.dialect, newTak);
                ISOMsg approved = c.ask(next);
                assertEquals("00", approved.getString(39), "MACed and PIN-encrypted with the new keys");
                assertTrue(TerminalSide.retailMacOk(approved, c.dialect, newTak), "answer MACed under the new TAK");
                assertEquals(TerminalSide.PIN, TerminalSide.hostPin(hostMessage(terminal, next)));

                ISOMsg old = TerminalSide.retailMac(sale(c, terminal, 901), c.dialect, TAK);
                assertEquals("63", c.ask(old).getString(39), "the old TAK is no longer the terminal's");
                ISOMsg oldPin = TerminalSide.retailMac(pinSale(c, terminal, 902, TPK), c.dialect, newTak);
                assertEquals("30", c.ask(oldPin).getString(39), "a PIN block under the old TPK does not translate");
            }
        }
        try (Connection c = SwitchDatabase.get().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM terminal_keys WHERE terminal_id IN ('LTKEY001', 'LTKEY002')")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "kept in the database");
        }
    }

    @Test
    @Order(21)
    void aesAndDukptTerminalsCannotChangeKeys() throws Exception {
        try (EdgeClient t = EdgeClient.terminal(); EdgeClient v = EdgeClient.van()) {
            assertEquals("12", t.ask(TerminalSide.aesMac(keyChange(t, "TERM0003"), Dialect.TERMINAL, TAK_AES)).getString(39));
            assertEquals("12", t.ask(keyChange(t, "TERM0004")).getString(39));
            assertEquals("12", v.ask(keyChange(v, "VAN00003")).getString(39));
            assertEquals("12", v.ask(keyChange(v, "VAN00004")).getString(39));
            ISOMsg stranger = keyChange(t, "NOSUCH01");
            assertEquals("03", t.ask(stranger).getString(39), "an unknown terminal gets no keys");
        }
    }

    @Test
    @Order(100)
    void noPinBlockKeyOrMacInTheLogsOrTheJournal() throws Exception {
        assertTrue(TerminalSide.secretCount() > 30, "the tests above made secrets to look for: " + TerminalSide.secretCount());
        assertTrue(Files.readString(Path.of(System.getProperty("veil.log.dir"), "switch.log")).contains("bad MAC"),
                "the switch's own log is there to look at");
        Thread.sleep(1_000); // the journal writer and the async log appender catch up
        assertEquals(List.of(), TerminalSide.leaks());
    }

    private ISOMsg assertPinForwarded(EdgeClient c, ISOMsg req, String what) throws Exception {
        ISOMsg resp = c.ask(req);
        assertEquals("00", resp.getString(39), what);
        ISOMsg host = hostMessage(req.getString(41), req);
        assertNotNull(host, what + " forwarded");
        assertEquals(8, host.getBytes(52).length);
        assertEquals(TerminalSide.PIN, TerminalSide.hostPin(host), what + ": the host's field 52 is the PIN under the zone PIN key");
        if (req.hasField(52)) assertFalse(Arrays.equals(req.getBytes(52), host.getBytes(52)), "not the terminal's block");
        String f48 = host.getString(48);
        assertTrue(f48 == null || !f48.contains("KS0") && !f48.contains("P40"), what + ": no KS or P4 for the issuer: " + f48);
        return resp;
    }

    private static SecretKey accept(String travelling) {
        assertNotNull(travelling);
        assertEquals(38, travelling.length(), "32 hex under the TMK + 6 hex KCV");
        byte[] underTmk = TerminalSide.secret(HexFormat.of().parseHex(travelling.substring(0, 32)));
        SecretKey key = WorkingKeys.accept(TMK, underTmk, travelling.substring(32));
        TerminalSide.secret(key.getEncoded());
        return key;
    }

    private static ISOMsg sale(EdgeClient c, String terminal, long amount) throws Exception {
        ISOMsg m = c.request("0200", EdgeClient.PAN, amount);
        m.set(41, terminal);
        m.set(42, merchantOf(terminal));
        return m;
    }

    private static ISOMsg pinSale(EdgeClient c, String terminal, long amount, SecretKey tpk) throws Exception {
        ISOMsg m = sale(c, terminal, amount);
        TerminalSide.tdesPin(m, tpk);
        return m;
    }

    static ISOMsg keyChange(EdgeClient c, String terminal) throws Exception {
        ISOMsg m = c.echo();
        m.set(41, terminal);
        m.set(42, merchantOf(terminal));
        m.set(70, "101");
        return m;
    }

    private static String merchantOf(String terminal) {
        if (terminal.startsWith("LT")) return "LOADTEST0000001";
        return terminal.startsWith("VAN") ? "VANSHOP00000001" : "MERCHANT0000001";
    }

    /** The host message the issuer got for this edge request (terminal + STAN), or null. */
    private ISOMsg hostMessage(String terminal, ISOMsg req) {
        String stan = "000000" + req.getString(11);
        for (ISOMsg m : issuer.received()) {
            if (stan.equals(m.getString(11)) && terminal.equals(m.getString(41).trim())) return m;
        }
        return null;
    }

    static String journalOutcome(String terminal, String stan) throws Exception {
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = SwitchDatabase.get().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT outcome FROM journal WHERE terminal_id = ? AND stan = ?")) {
                ps.setString(1, terminal);
                ps.setString(2, stan);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getString(1);
                }
            }
            Thread.sleep(20);
        }
        return null;
    }
}
