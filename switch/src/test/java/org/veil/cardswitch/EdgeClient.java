package org.veil.cardswitch;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpos.iso.BaseChannel;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOUtil;
import org.jpos.iso.channel.ASCIIChannel;
import org.jpos.iso.channel.NACChannel;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.Dialect;

/** A terminal or VAN as a third party would be: a jPOS channel of the edge's dialect. */
final class EdgeClient implements AutoCloseable {
    static final String TPDU = "6000120034";
    static final String PAN = panOf("999900000000001");
    static final String OTHER_PAN = panOf("999900000000002");
    private static final AtomicInteger STAN = new AtomicInteger(1);
    private static final DateTimeFormatter F7 = DateTimeFormatter.ofPattern("MMddHHmmss");

    final Dialect dialect;
    private final BaseChannel channel;

    private EdgeClient(Dialect dialect, BaseChannel channel) throws IOException {
        this.dialect = dialect;
        this.channel = channel;
        channel.setTimeout(10_000);
        channel.connect();
    }

    static EdgeClient terminal() throws IOException {
        return terminal(RunningSwitch.terminalPort);
    }

    static EdgeClient terminal(int port) throws IOException {
        return new EdgeClient(Dialect.TERMINAL, new NACChannel("127.0.0.1", port, Dialect.TERMINAL.packager(), ISOUtil.hex2byte(TPDU)));
    }

    static EdgeClient van() throws IOException {
        return new EdgeClient(Dialect.VAN, new ASCIIChannel("127.0.0.1", RunningSwitch.vanPort, Dialect.VAN.packager()));
    }

    static String panOf(String partial) {
        return partial + CardNumbers.luhnDigit(partial);
    }

    static String nextStan() {
        return ISOUtil.zeropad(STAN.getAndIncrement() % 1_000_000, 6);
    }

    static String now7() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(F7);
    }

    String terminalId() {
        return dialect == Dialect.TERMINAL ? "TERM0001" : "VAN00001";
    }

    String merchantId() {
        return dialect == Dialect.TERMINAL ? "MERCHANT0000001" : "VANSHOP00000001";
    }

    /** A purchase (0200) or authorization (0100) of this edge's demo acceptor, with field 2. */
    ISOMsg request(String mti, String pan, long amount) throws ISOException {
        ISOMsg m = new ISOMsg(mti);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        m.set(2, pan);
        m.set(3, "000000");
        m.set(4, ISOUtil.zeropad(amount, 12));
        m.set(7, now.format(F7));
        m.set(11, nextStan());
        m.set(12, now.format(DateTimeFormatter.ofPattern("HHmmss")));
        m.set(13, now.format(DateTimeFormatter.ofPattern("MMdd")));
        m.set(22, "012");
        m.set(25, "00");
        m.set(37, "RRN" + m.getString(11) + "000");
        m.set(41, terminalId());
        m.set(42, merchantId());
        m.set(49, "840");
        return m;
    }

    ISOMsg echo() throws ISOException {
        ISOMsg m = new ISOMsg("0800");
        m.set(7, now7());
        m.set(11, nextStan());
        m.set(70, "301");
        return m;
    }

    ISOMsg ask(ISOMsg m) throws IOException, ISOException {
        send(m);
        return receive();
    }

    void send(ISOMsg m) throws IOException, ISOException {
        channel.send((ISOMsg) m.clone());
    }

    ISOMsg receive() throws IOException, ISOException {
        return channel.receive();
    }

    /** The next answer, or null when none comes within the wait (the channel then closes its socket). */
    ISOMsg receive(int waitMillis) throws IOException, ISOException {
        channel.setTimeout(waitMillis);
        try {
            return channel.receive();
        } catch (java.net.SocketTimeoutException e) {
            return null;
        } finally {
            channel.setTimeout(10_000);
        }
    }

    @Override
    public void close() throws IOException {
        channel.disconnect();
    }
}
