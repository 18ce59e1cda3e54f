package org.veil.terminal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jpos.iso.BaseChannel;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.ASCIIChannel;
import org.jpos.iso.channel.NACChannel;
import org.veil.packagers.Dialect;

/**
 * A switch stand-in for tests: jPOS's own NACChannel (TERMINAL) or ASCIIChannel (VAN) on a free
 * loopback port, one virtual thread per connection, answers decided by a {@link Responder}.
 */
final class JposLoopbackServer implements AutoCloseable {
    /** Decides what to answer; may keep a request and answer it later through the channel. */
    interface Responder {
        void onRequest(ISOMsg request, BaseChannel channel) throws Exception;
    }

    private final Dialect dialect;
    private final ServerSocket socket;
    private final Responder responder;
    private final List<BaseChannel> channels = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    JposLoopbackServer(Dialect dialect, Responder responder) throws IOException {
        this.dialect = dialect;
        this.responder = responder;
        this.socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("loopback-accept").start(this::acceptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                BaseChannel ch = dialect == Dialect.TERMINAL
                        ? new NACChannel(dialect.packager(), Tpdu.DEFAULT.swapped().bytes())
                        : new ASCIIChannel(dialect.packager());
                ch.accept(socket);
                channels.add(ch);
                Thread.ofVirtual().name("loopback-session").start(() -> session(ch));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(BaseChannel ch) {
        try {
            while (ch.isConnected()) {
                responder.onRequest(ch.receive(), ch);
            }
        } catch (Exception e) {
            // peer went away or the test closed us
        } finally {
            try {
                ch.disconnect();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The usual answer: the request echoed with the response MTI and field 39 (NACChannel swaps the TPDU itself). */
    static ISOMsg answer(ISOMsg request, String responseCode) throws ISOException {
        ISOMsg a = (ISOMsg) request.clone();
        a.setResponseMTI();
        a.set(39, responseCode);
        return a;
    }

    /** Approves everything at once; a balance inquiry also gets field 54. */
    static Responder approveAll() {
        return (request, ch) -> {
            ISOMsg a = answer(request, "00");
            if ("310000".equals(request.getString(3))) a.set(54, org.veil.packagers.AdditionalAmounts.balances("840", 5000, 4000));
            if ("0100".equals(request.getMTI())) a.set(38, "A12345");
            ch.send(a);
        };
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (BaseChannel ch : channels) ch.disconnect();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
