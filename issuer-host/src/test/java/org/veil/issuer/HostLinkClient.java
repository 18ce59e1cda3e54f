package org.veil.issuer;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.veil.packagers.Dialect;
import org.veil.packagers.HostMessages;

/** A switch-side test client of the host link: CMF over NACChannel with no header. */
public final class HostLinkClient implements AutoCloseable {
    private static final AtomicLong STAN = new AtomicLong(System.nanoTime() % 100000);
    private static final DateTimeFormatter F7 = DateTimeFormatter.ofPattern("MMddHHmmss");
    private final NACChannel channel;

    public HostLinkClient(int port) throws IOException {
        channel = new NACChannel("127.0.0.1", port, Dialect.HOST.packager(), null);
        channel.setTimeout(10_000);
        channel.connect();
    }

    public static String nextStan() {
        return String.format("%012d", STAN.incrementAndGet());
    }

    /** A request with fresh STAN, field 7 and RRN for terminal TERM0001 / merchant MERCHANT0000001. */
    public static ISOMsg request(String mti, String pan, String pc, long amount, String currency) throws ISOException {
        ISOMsg m = new ISOMsg(mti);
        m.setPackager(Dialect.HOST.packager());
        if (pan != null) m.set(2, pan);
        if (pc != null) m.set(3, pc);
        if (amount >= 0) m.set(HostMessages.amount(amount, currency));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        m.set(7, now.format(F7));
        String stan = nextStan();
        m.set(11, stan);
        m.set(12, now.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")));
        m.set(32, "00000000001");
        m.set(37, "R" + stan.substring(1));
        m.set(41, "TERM0001");
        m.set(42, "MERCHANT0000001");
        return m;
    }

    public ISOMsg send(ISOMsg m) throws IOException, ISOException {
        channel.send(m);
        return channel.receive();
    }

    public void sendOnly(ISOMsg m) throws IOException, ISOException {
        channel.send(m);
    }

    public ISOMsg receive() throws IOException, ISOException {
        return channel.receive();
    }

    @Override
    public void close() throws IOException {
        channel.disconnect();
    }
}
