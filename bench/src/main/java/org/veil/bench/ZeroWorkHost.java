package org.veil.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The zero-work ISO host: answers every request approved with no database and no routing, on a
 * TERMINAL port and a VAN port (the ceiling of one hop for the load generator) and on a CMF host-link
 * port (put behind the real switch instead of the issuer: the cost of the switch alone).
 *
 * <p>As a program it reads the same properties as the switch and the issuer host
 * ({@code veil.bind}, {@code veil.terminal.port}, {@code veil.van.port}, {@code veil.issuer.port};
 * 0 picks a free port; {@code veil.zero.threads}, its event loops, default one per core), prints one
 * ready line, and stops on SIGTERM.
 */
public final class ZeroWorkHost implements AutoCloseable {
    public record Ports(int terminal, int van, int hostLink) {}

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Map<WireFraming, Channel> servers = new EnumMap<>(WireFraming.class);
    private final Map<WireFraming, ZeroWorkAnswerer> answerers = new EnumMap<>(WireFraming.class);
    private final String bind;

    private ZeroWorkHost(String bind, int threads) {
        this.bind = bind;
        this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("zero-work-accept", true));
        this.workers = new NioEventLoopGroup(threads, new DefaultThreadFactory("zero-work", true));
    }

    /** Binds the three ports (0 = a free one); {@code threads} event loops serve every connection. */
    public static ZeroWorkHost start(String bind, Ports ports, int threads) throws IOException {
        ZeroWorkHost host = new ZeroWorkHost(bind, threads);
        try {
            host.listen(WireFraming.TERMINAL, ports.terminal());
            host.listen(WireFraming.VAN, ports.van());
            host.listen(WireFraming.HOST, ports.hostLink());
            return host;
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    private void listen(WireFraming framing, int port) throws IOException {
        ZeroWorkAnswerer answerer = new ZeroWorkAnswerer(framing);
        FrameEncoder encoder = new FrameEncoder(framing);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FrameDecoder(framing), encoder, answerer);
                    }
                });
        var bound = b.bind(new InetSocketAddress(bind, port)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException("zero-work host: cannot listen on " + bind + ":" + port + " for " + framing
                    + ": " + bound.cause().getMessage(), bound.cause());
        }
        servers.put(framing, bound.channel());
        answerers.put(framing, answerer);
    }

    public Ports ports() {
        return new Ports(port(WireFraming.TERMINAL), port(WireFraming.VAN), port(WireFraming.HOST));
    }

    private int port(WireFraming framing) {
        return ((InetSocketAddress) servers.get(framing).localAddress()).getPort();
    }

    /** Requests answered so far, all dialects. */
    public long answered() {
        return answerers.values().stream().mapToLong(ZeroWorkAnswerer::answered).sum();
    }

    /** Frames that were not a request (did not unpack, or a response): dropped without an answer. */
    public long dropped() {
        return answerers.values().stream().mapToLong(ZeroWorkAnswerer::dropped).sum();
    }

    public String describe() {
        Ports p = ports();
        return "terminal " + bind + ":" + p.terminal() + ", van " + bind + ":" + p.van() + ", host link " + bind + ":" + p.hostLink();
    }

    @Override
    public void close() {
        servers.values().forEach(c -> c.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    static final String LOGBACK = "org/veil/bench/logback-bench.xml";

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) System.setProperty("logback.configurationFile", LOGBACK);
        if (args.length > 0) fail("ZeroWorkHost takes no arguments (got '" + args[0] + "'): configure it with -Dveil.* properties");
        String bind = System.getProperty("veil.bind", "127.0.0.1");
        Ports ports = new Ports(port("veil.terminal.port", 8583), port("veil.van.port", 8584), port("veil.issuer.port", 9583));
        int threads = Integer.getInteger("veil.zero.threads", Runtime.getRuntime().availableProcessors());
        if (threads < 1) fail("veil.zero.threads must be at least 1");
        ZeroWorkHost host;
        try {
            host = start(bind, ports, threads);
        } catch (IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            stopped.countDown();
        }, "zero-work-stop"));
        System.out.println("veil zero-work host ready: " + host.describe());
        System.out.flush();
        stopped.await();
    }

    private static int port(String property, int fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) return fallback;
        try {
            int p = Integer.parseInt(v.trim());
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            fail(property + " must be a port number 0 to 65535, got '" + v + "'");
            return -1;
        }
    }

    private static void fail(String message) {
        System.err.println("zero-work host: " + message);
        System.exit(2);
    }
}
