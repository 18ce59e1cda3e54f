package org.veil.e2e;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay in front of the issuer host's link port, so a test can take one host link down
 * (close) and bring it back (a new relay on the same port). Counts the frames (2-byte length) it relays
 * towards the issuer.
 */
final class LinkProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final AtomicLong framesToIssuer;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private LinkProxy(int port, int target, AtomicLong framesToIssuer) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.target = target;
        this.framesToIssuer = framesToIssuer;
        Thread.ofVirtual().start(this::accept);
    }

    static LinkProxy start(int port, int target) throws IOException {
        return new LinkProxy(port, target, new AtomicLong());
    }

    /** A relay on the same port as this closed one, counting on from where it stopped. */
    LinkProxy restart() throws IOException {
        return new LinkProxy(server.getLocalPort(), target, framesToIssuer);
    }

    int port() {
        return server.getLocalPort();
    }

    long framesToIssuer() {
        return framesToIssuer.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(in);
                sockets.add(out);
                Thread.ofVirtual().start(() -> relayFrames(in, out));
                Thread.ofVirtual().start(() -> relay(out, in));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relayFrames(Socket from, Socket to) {
        try (DataInputStream in = new DataInputStream(from.getInputStream());
             DataOutputStream out = new DataOutputStream(to.getOutputStream())) {
            while (true) {
                int len = in.readUnsignedShort();
                byte[] frame = in.readNBytes(len);
                if (frame.length < len) break;
                out.writeShort(len);
                out.write(frame);
                out.flush();
                framesToIssuer.incrementAndGet();
            }
        } catch (IOException e) {
            // either side went away: the other is closed below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void relay(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        sockets.forEach(LinkProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
