package org.veil.terminal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An issuer admin API stand-in on a free loopback port for the scenario runner's tests: the JSON shapes
 * of CONTRACT's admin API, fixed answers, and every call it received ("METHOD /path body").
 */
final class AdminStandIn implements AutoCloseable {
    static final String PAN = "9999000000000012";
    private final HttpServer server;
    final List<String> calls = new CopyOnWriteArrayList<>();

    AdminStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = x.getRequestMethod();
        String path = x.getRequestURI().getPath();
        calls.add(method + " " + path + (body.isEmpty() ? "" : " " + body));
        if (method.equals("POST") && path.equals("/cards")) {
            reply(x, 201, "{\"id\":7,\"pan\":\"" + PAN + "\",\"expiry\":\"2812\",\"cvv2\":\"123\",\"state\":\"ACTIVE\",\"product\":\"PREPAID-USD\",\"currency\":\"840\"}");
        } else if (method.equals("POST") && path.equals("/cards/7/load")) {
            reply(x, 200, "{\"ledger\":10000,\"available\":10000}");
        } else if (method.equals("GET") && path.equals("/cards/7")) {
            reply(x, 200, "{\"id\":7,\"maskedPan\":\"999900******0012\",\"ledger\":9000,\"available\":9000,"
                    + "\"holds\":[{\"id\":1,\"amount\":100,\"status\":\"ACTIVE\"}]}");
        } else {
            reply(x, 404, "{\"error\":\"no card " + path + "\"}");
        }
    }

    private static void reply(HttpExchange x, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
