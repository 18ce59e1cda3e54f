package org.veil.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.veil.packagers.Dialect;
import org.veil.packagers.HostMessages;

/** The simulator over a real socket: CMF in, CMF out, as the switch's host link sends it. */
@Timeout(30)
class CreditHostLinkTest {
    private static final String OK = "4111110000000013";
    private CreditAuthorizer authorizer;
    private CreditHostLink link;
    private NACChannel ch;
    private int stan;

    @BeforeEach
    void start() throws Exception {
        authorizer = new CreditAuthorizer(new CardBook(List.of(
                new TestCreditCard(OK, "3012", 10_000, 0),
                new TestCreditCard("4111110000000039", "2001", 10_000, 0))));
        link = new CreditHostLink("127.0.0.1", 0, authorizer);
        ch = new NACChannel("127.0.0.1", link.port(), Dialect.HOST.packager(), null);
        ch.connect();
    }

    @AfterEach
    void stop() throws Exception {
        ch.disconnect();
        link.close();
    }

    @Test
    void approvesWithinTheLimitAndDeclinesOver() throws Exception {
        ISOMsg a = send(request("2200", OK, 6_000, ++stan, "0101120000"));
        assertEquals("0000", a.getString(39));
        assertNotNull(a.getString(38));
        assertEquals(6_000, HostMessages.minorUnits(a));
        assertEquals("TOPUP001", a.getString(41).trim());
        assertEquals(4_000, authorizer.available(OK));
        assertEquals("1016", send(request("2200", OK, 5_000, ++stan, "0101120000")).getString(39), "51 over the limit");
    }

    @Test
    void unknownAndExpiredCards() throws Exception {
        assertEquals("14", code(send(request("2200", "4111110000000021", 100, ++stan, "0101120000"))));
        assertEquals("54", code(send(request("2200", "4111110000000039", 100, ++stan, "0101120000"))));
    }

    @Test
    void aRepeatGetsTheFirstAnswerAndMovesNothing() throws Exception {
        ISOMsg first = send(request("2200", OK, 3_000, 7, "0101120000"));
        ISOMsg again = send(request("2201", OK, 3_000, 7, "0101120000"));
        assertEquals("2210", again.getMTI());
        assertEquals(first.getString(38), again.getString(38));
        assertEquals(7_000, authorizer.available(OK));
        assertEquals("94", code(send(request("2200", OK, 3_001, 7, "0101120000"))), "same key, other amount");
    }

    @Test
    void aReversalGivesTheAmountBackOnceAndAnUnknownOneIs25() throws Exception {
        assertEquals("0000", send(request("2200", OK, 8_000, 9, "0101120000")).getString(39));
        ISOMsg rev = request("2400", OK, 0, 10, "0101120001");
        rev.set(56, "2200" + "000000000009" + "0101120000" + "00000000000");
        assertEquals("0000", send(rev).getString(39));
        assertEquals(10_000, authorizer.available(OK));
        ISOMsg repeat = (ISOMsg) rev.clone();
        repeat.setMTI("2401");
        assertEquals("0000", send(repeat).getString(39));
        assertEquals(10_000, authorizer.available(OK), "a repeated reversal gives nothing back twice");
        ISOMsg unknown = request("2420", OK, 0, 11, "0101120002");
        unknown.set(56, "2200" + "000000000099" + "0101120000" + "00000000000");
        unknown.set(37, "NOSUCHRRN000");
        assertEquals("25", code(send(unknown)));
    }

    private static String code(ISOMsg a) {
        return org.veil.packagers.ResponseCode.fromHostCode(a.getString(39)).code();
    }

    private ISOMsg send(ISOMsg m) throws Exception {
        ch.send(m);
        return ch.receive();
    }

    private static ISOMsg request(String mti, String pan, long amount, int stan, String f7) throws Exception {
        ISOMsg m = new ISOMsg(mti);
        m.setPackager(Dialect.HOST.packager());
        m.set(2, pan);
        m.set(3, "000000");
        m.set(HostMessages.amount(amount, "840"));
        m.set(7, f7);
        m.set(11, String.format("%012d", stan));
        m.set(37, String.format("RRN%09d", stan));
        m.set(41, "TOPUP001");
        m.set(42, "VEILTOPUP000001");
        return m;
    }
}
