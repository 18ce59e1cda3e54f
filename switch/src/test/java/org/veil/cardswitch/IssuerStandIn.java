package org.veil.cardswitch;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.veil.packagers.AdditionalAmounts;
import org.veil.packagers.Dialect;
import org.veil.packagers.HostMessages;
import org.veil.packagers.Mti;

/**
 * Test-only stand-in for the issuer's side of the host link: a socket speaking CMF with a
 * 2-byte length and no header, answering as each test tells it (approve, decline, stay silent)
 * and recording every message it got. It exists because the real issuer host is built in
 * parallel; it stands for the issuer, not for any part of the switch.
 */
final class IssuerStandIn implements AutoCloseable {
    private final int port;
    private final List<ISOMsg> received = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile Function<ISOMsg, ISOMsg> behaviour = IssuerStandIn::approve;
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    /** Marker answer: keep the request unanswered until {@link #releaseHeldInReverse()}. */
    static final ISOMsg HOLD = new ISOMsg();

    private record Held(ISOMsg request, DataOutputStream out) {}

    IssuerStandIn(int port) {
        this.port = port;
    }

    void start() throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = ss;
        Thread.ofVirtual().start(() -> accept(ss));
    }

    /** Closes the listening socket and every connection: the issuer is down. */
    void stop() throws IOException {
        ServerSocket ss = server;
        if (ss != null) ss.close();
        for (Socket s : connections) s.close();
        connections.clear();
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    void answerWith(Function<ISOMsg, ISOMsg> behaviour) {
        this.behaviour = behaviour;
    }

    List<ISOMsg> received() {
        return received;
    }

    /** Approves with action code 0000, an approval code and ledger/available balances. */
    static ISOMsg approve(ISOMsg req) {
        return answer(req, "0000");
    }

    static Function<ISOMsg, ISOMsg> decline(String actionCode) {
        return req -> answer(req, actionCode);
    }

    static ISOMsg silent(ISOMsg req) {
        return null;
    }

    static ISOMsg answer(ISOMsg req, String actionCode) {
        try {
            ISOMsg resp = (ISOMsg) req.clone();
            resp.setMTI(Mti.responseOf(req.getMTI()));
            resp.unset(new int[] {35, 52, 55, 56});
            resp.set(39, actionCode);
            if (actionCode.equals("0000") && Mti.messageClass(req.getMTI()) != '4') {
                resp.set(38, "A1B2C3");
                String currency = req.hasField(4) ? HostMessages.currency(req) : "840";
                resp.set(54, AdditionalAmounts.balances(currency, 50_000, 48_000));
            }
            return resp;
        } catch (ISOException e) {
            throw new IllegalStateException(e);
        }
    }

    int heldCount() {
        return held.size();
    }

    /** Approves every held request, the last one first: answers out of order. */
    void releaseHeldInReverse() throws IOException, ISOException {
        for (int i = held.size() - 1; i >= 0; i--) {
            Held h = held.remove(i);
            send(h.out(), approve(h.request()));
        }
    }

    private static void send(DataOutputStream out, ISOMsg resp) throws IOException, ISOException {
        resp.setPackager(Dialect.HOST.packager());
        byte[] b = resp.pack();
        synchronized (out) {
            out.writeShort(b.length);
            out.write(b);
            out.flush();
        }
    }

    private void accept(ServerSocket ss) {
        while (!ss.isClosed()) {
            try {
                Socket s = ss.accept();
                connections.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (true) {
                byte[] frame = new byte[in.readUnsignedShort()];
                in.readFully(frame);
                ISOMsg req = new ISOMsg();
                req.setPackager(Dialect.HOST.packager());
                req.unpack(frame);
                received.add(req);
                ISOMsg resp = behaviour.apply(req);
                if (resp == HOLD) held.add(new Held(req, out));
                else if (resp != null) send(out, resp);
            }
        } catch (IOException | ISOException e) {
            // connection over
        }
    }
}
