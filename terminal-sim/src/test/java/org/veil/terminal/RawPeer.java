package org.veil.terminal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A bare loopback socket peer: the test reads and writes exact bytes, nothing interprets them. */
final class RawPeer implements AutoCloseable {
    private final ServerSocket server;
    private Socket socket;

    RawPeer() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5000);
    }

    int port() {
        return server.getLocalPort();
    }

    RawPeer accept() throws IOException {
        socket = server.accept();
        socket.setSoTimeout(5000);
        return this;
    }

    byte[] read(int n) throws IOException {
        byte[] b = new byte[n];
        new DataInputStream(socket.getInputStream()).readFully(b);
        return b;
    }

    void write(byte[] b) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(b);
        out.flush();
    }

    /** -1 once the client has closed the connection. */
    int readByte() throws IOException {
        return socket.getInputStream().read();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) socket.close();
        server.close();
    }
}
