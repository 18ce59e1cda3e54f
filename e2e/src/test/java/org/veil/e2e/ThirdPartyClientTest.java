package org.veil.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.OutputStream;
import java.net.Socket;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veil.e2e.AdminClient.IssuedCard;

/**
 * A client that knows only CONTRACT.md (ContractWire, no jPOS) pays through both ports over plain
 * sockets, with two requests in flight on one connection, and reads the answers byte by byte.
 */
class ThirdPartyClientTest {
    private static VeilStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackFixture.start("wire", Map.of());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) stack.close();
    }

    private static Map<Integer, String> purchase(IssuedCard card, String stan, String terminal, String merchant, long amount) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Map<Integer, String> f = new HashMap<>();
        f.put(2, card.pan());
        f.put(3, "000000");
        f.put(4, String.format("%012d", amount));
        f.put(7, now.format(DateTimeFormatter.ofPattern("MMddHHmmss")));
        f.put(11, stan);
        f.put(12, now.format(DateTimeFormatter.ofPattern("HHmmss")));
        f.put(13, now.format(DateTimeFormatter.ofPattern("MMdd")));
        f.put(14, card.expiry());
        f.put(22, "012");
        f.put(25, "00");
        f.put(37, "W" + stan + "00000");
        f.put(41, terminal);
        f.put(42, merchant);
        f.put(49, "840");
        return f;
    }

    @Test
    void terminalDialectByHand() throws Exception {
        IssuedCard card = stack.admin().issueLoaded("PREPAID-USD", 10_000);
        byte[] tpdu = {0x60, 0x00, 0x07, 0x00, 0x03};
        try (Socket s = new Socket("127.0.0.1", stack.ports().terminal())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(ContractWire.terminalFrame(tpdu, "0200", purchase(card, "700001", "TERM0004", "MERCHANT0000001", 1_000)));
            out.write(ContractWire.terminalFrame(tpdu, "0200", purchase(card, "700002", "TERM0004", "MERCHANT0000001", 2_000)));
            out.flush();
            Map<String, ContractWire.Answer> byStan = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                ContractWire.Answer a = ContractWire.readTerminalFrame(s.getInputStream());
                byStan.put(a.fields().get(11), a);
            }
            for (String stan : new String[] {"700001", "700002"}) {
                ContractWire.Answer a = byStan.get(stan);
                assertEquals("0210", a.mti());
                assertArrayEquals(new byte[] {0x60, 0x00, 0x03, 0x00, 0x07}, a.tpdu(), "TPDU NIIs swapped");
                assertEquals("00", a.fields().get(39));
                assertEquals("TERM0004", a.fields().get(41));
                assertFalse(a.fields().containsKey(35));
            }
            assertEquals("000000002000", byStan.get("700002").fields().get(4));
        }
        assertEquals(7_000, stack.admin().ledger(String.valueOf(card.id())));
        StackFixture.assertLedgerAudits(stack.admin());
    }

    @Test
    void vanDialectByHand() throws Exception {
        IssuedCard card = stack.admin().issueLoaded("PREPAID-USD", 10_000);
        try (Socket s = new Socket("127.0.0.1", stack.ports().van())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(ContractWire.vanFrame("0200", purchase(card, "800001", "VAN00004", "VANSHOP00000001", 1_500)));
            out.flush();
            ContractWire.Answer a = ContractWire.readVanFrame(s.getInputStream());
            assertEquals("0210", a.mti());
            assertEquals("00", a.fields().get(39));
            assertEquals("800001", a.fields().get(11));
            assertEquals(6, a.fields().get(38).length());
            String f54 = a.fields().get(54);
            assertEquals("0001840C000000008500" + "0002840C000000008500", f54);
        }
        StackFixture.assertLedgerAudits(stack.admin());
    }
}
