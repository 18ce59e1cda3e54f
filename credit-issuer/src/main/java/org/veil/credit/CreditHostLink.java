package org.veil.credit;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.CardNumbers;
import org.veil.packagers.Dialect;

/**
 * The credit issuer's host link: CMF (Dialect.HOST) framed by a 2-byte length, no header, as the prepaid issuer's.
 * Each request is answered on its own virtual thread, so a slow card never holds up the others on the connection.
 */
public final class CreditHostLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CreditHostLink.class);
    private final ServerSocket server;
    private final CreditAuthorizer authorizer;
    private final Set<NACChannel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public CreditHostLink(String bind, int port, CreditAuthorizer authorizer) throws IOException {
        this.server = new ServerSocket(port, 64, InetAddress.getByName(bind));
        this.authorizer = authorizer;
        Thread.ofPlatform().name("credit-link-accept").daemon(true).start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            NACChannel ch;
            try {
                ch = new NACChannel(Dialect.HOST.packager(), null);
                ch.accept(server);
            } catch (IOException e) {
                if (!closed) LOG.warn("accept failed: {}", e.toString());
                continue;
            }
            open.add(ch);
            Thread.ofVirtual().start(() -> serve(ch));
        }
    }

    private void serve(NACChannel ch) {
        try {
            while (!closed) {
                ISOMsg m = ch.receive();
                Thread.ofVirtual().start(() -> answer(ch, m));
            }
        } catch (EOFException | SocketException e) {
            // the peer closed the connection
        } catch (IOException | ISOException e) {
            if (!closed) LOG.info("host link connection ended: {}", e.toString());
        } finally {
            open.remove(ch);
            try {
                ch.disconnect();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    private void answer(NACChannel ch, ISOMsg m) {
        try {
            ISOMsg a = authorizer.answer(m);
            if (a == null) return;
            LOG.info("{} terminal {} stan {} card {} -> {}", m.getMTI(), m.getString(41), m.getString(11),
                    CardNumbers.mask(m.getString(2)), a.getString(39));
            ch.send(a);
        } catch (IOException | ISOException | RuntimeException e) {
            LOG.warn("cannot answer on the host link: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (NACChannel ch : open) {
            try {
                ch.disconnect();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
