package org.veil.issuer.topup;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.ASCIIChannel;
import org.veil.packagers.Dialect;
import org.veil.packagers.OriginalData;

/**
 * The issuer host as an acquirer: a funding purchase (0200) or its reversal (0400/0401, 0420/0421) sent to the switch's
 * VAN port (ASCII ISO 8583, 4-digit length) for merchant VEILTOPUP000001, one connection per message. The switch routes
 * it by BIN to the card's issuer. No answer in time is a null reply: the caller decides what that means.
 */
public final class SwitchAcquirer {
    public static final String MERCHANT = "VEILTOPUP000001";
    private static final DateTimeFormatter F7 = DateTimeFormatter.ofPattern("MMddHHmmss");
    private static final String NAME = String.format("%-40s", "Veil Wallet Top-up");

    /** The switch's answer: field 39 and, on approval, field 38. */
    public record Reply(String responseCode, String approvalCode) {
        public boolean approved() {
            return "00".equals(responseCode);
        }
    }

    private final String host;
    private final int port;
    private final String terminal;
    private final int timeoutMillis;

    public SwitchAcquirer(String host, int port, String terminal, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.terminal = terminal;
        this.timeoutMillis = timeoutMillis;
    }

    /** veil.switch.host [127.0.0.1], veil.switch.port [veil.van.port, 8584], veil.topup.terminal [VTOPUP01], veil.topup.timeout.ms [15000]. */
    public static SwitchAcquirer fromProperties() {
        return new SwitchAcquirer(System.getProperty("veil.switch.host", "127.0.0.1"),
                Integer.parseInt(System.getProperty("veil.switch.port", System.getProperty("veil.van.port", "8584"))),
                System.getProperty("veil.topup.terminal", "VTOPUP01"),
                Integer.parseInt(System.getProperty("veil.topup.timeout.ms", "15000")));
    }

    public String terminal() {
        return terminal;
    }

    /** Field 7 for now (UTC), never equal to {@code after}: a new message must not share its key with the last one. */
    public static String transmissionTime(String after) {
        ZonedDateTime t = ZonedDateTime.now(ZoneOffset.UTC);
        String f7 = t.format(F7);
        while (f7.equals(after)) {
            t = t.plusSeconds(1);
            f7 = t.format(F7);
        }
        return f7;
    }

    public Reply purchase(String pan, String expiry, long amount, String currency, String stan, String f7, String rrn) {
        ISOMsg m = base("0200", pan, amount, currency, stan, f7, rrn);
        try {
            if (expiry != null) m.set(14, expiry);
        } catch (RuntimeException e) {
            throw new IllegalStateException(e);
        }
        return exchange(m);
    }

    /** A full reversal (field 4 = 0 remains) of the purchase sent with {@code originalStan} and {@code originalF7}. */
    public Reply reversal(String mti, String pan, String currency, String stan, String f7, String rrn, String originalStan,
                          String originalF7) {
        ISOMsg m = base(mti, pan, 0, currency, stan, f7, rrn);
        m.set(90, OriginalData.of("0200", originalStan, originalF7).format());
        return exchange(m);
    }

    private ISOMsg base(String mti, String pan, long amount, String currency, String stan, String f7, String rrn) {
        ISOMsg m = new ISOMsg(mti);
        m.set(2, pan);
        m.set(3, "000000");
        m.set(4, String.format("%012d", amount));
        m.set(7, f7);
        m.set(11, stan);
        m.set(12, f7.substring(4));
        m.set(13, f7.substring(0, 4));
        m.set(18, "6540"); // MCC 6540: stored-value card load
        m.set(22, "010"); // keyed, card not present
        m.set(25, "59"); // e-commerce
        m.set(37, rrn);
        m.set(41, terminal);
        m.set(42, MERCHANT);
        m.set(43, NAME);
        m.set(49, currency);
        return m;
    }

    private Reply exchange(ISOMsg m) {
        ASCIIChannel ch = new ASCIIChannel(host, port, Dialect.VAN.packager());
        try {
            ch.setTimeout(timeoutMillis);
            ch.connect();
            ch.send(m);
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (System.currentTimeMillis() < deadline) {
                ISOMsg a = ch.receive();
                if (m.getString(11).equals(a.getString(11)) && a.getMTI().charAt(2) == (char) (m.getMTI().charAt(2) + 1)) {
                    return new Reply(a.getString(39), a.getString(38));
                }
            }
            return null;
        } catch (IOException | ISOException e) {
            return null;
        } finally {
            try {
                ch.disconnect();
            } catch (IOException e) {
                // gone already
            }
        }
    }
}
