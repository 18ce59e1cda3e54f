package org.veil.issuer.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.issuer.Issuer;
import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardState;
import org.veil.issuer.ledger.LedgerAudit;

/** Q2 service: the issuer's admin HTTP API (JSON in and out; errors are 4xx/5xx with {"error": "one line"}). */
public class AdminApi extends QBeanSupport {
    public static final String REGISTRY_NAME = "veil.issuer.admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private ExecutorService executor;
    private Issuer issuer;
    private LedgerViews views;

    @Override
    protected void startService() throws IOException {
        issuer = Issuer.await();
        views = new LedgerViews(issuer.ledger());
        String bind = cfg.get("bind", "127.0.0.1");
        int port = cfg.getInt("port", 8081);
        server = HttpServer.create(new InetSocketAddress(bind, port), 64);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "issuer-admin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        NameRegistrar.register(REGISTRY_NAME, this);
        LOG.info("admin API on http://{}:{}", bind, port());
    }

    @Override
    protected void stopService() {
        NameRegistrar.unregister(REGISTRY_NAME);
        if (server != null) server.stop(0);
        if (executor != null) executor.shutdownNow();
    }

    /** The port actually bound (the configured one, or the one the OS chose for 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        int status = 200;
        Object body;
        try {
            String method = ex.getRequestMethod();
            String[] p = ex.getRequestURI().getPath().replaceAll("/+$", "").split("/");
            // p[0] is the empty string before the leading slash.
            body = route(ex, method, p);
            if (body instanceof Created c) {
                status = 201;
                body = c.body();
            }
        } catch (AdminError e) {
            status = e.status();
            body = Map.of("error", e.getMessage());
        } catch (SQLException e) {
            boolean conflict = "23505".equals(e.getSQLState());
            status = conflict ? 409 : 500;
            if (!conflict) LOG.error("admin API {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            body = Map.of("error", conflict ? "conflicting concurrent update, try again" : "database error: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (RuntimeException e) {
            LOG.error("admin API {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            status = 500;
            body = Map.of("error", "internal error: " + e);
        }
        issuer.groupCommit().awaitDurable(); // what the answer reports survives a crash
        byte[] out = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private record Created(Object body) {}

    private Object route(HttpExchange ex, String method, String[] p) throws IOException, SQLException {
        String head = p.length > 1 ? p[1] : "";
        switch (head) {
            case "products" -> {
                if (p.length == 2) {
                    allow(method, "GET");
                    return issuer.products().all().stream().map(LedgerViews::product).toList();
                }
            }
            case "cards" -> {
                if (p.length == 2) {
                    allow(method, "POST");
                    JsonNode in = body(ex);
                    String product = text(in, "product");
                    try {
                        Card card = issuer.cardIssuer().issue(product);
                        return new Created(LedgerViews.issued(card, issuer.products().get(product).currency()));
                    } catch (IllegalArgumentException e) {
                        throw new AdminError(400, e.getMessage());
                    }
                }
                if (p.length == 3) {
                    allow(method, "GET");
                    return cardView(p[2]);
                }
                if (p.length == 4 && p[3].equals("load")) {
                    allow(method, "POST");
                    JsonNode in = body(ex);
                    JsonNode amount = in.get("amount");
                    if (amount == null || !amount.canConvertToLong() || !amount.isIntegralNumber()) {
                        throw new AdminError(400, "amount must be a whole number of minor units");
                    }
                    JsonNode ref = in.get("reference");
                    return issuer.cardLoader().load(p[2], amount.asLong(), ref == null || ref.isNull() ? null : ref.asText());
                }
                if (p.length == 4 && p[3].equals("state")) {
                    allow(method, "POST");
                    CardState state;
                    try {
                        state = CardState.parse(text(body(ex), "state"));
                    } catch (IllegalArgumentException e) {
                        throw new AdminError(400, e.getMessage());
                    }
                    try (Connection c = issuer.dataSource().getConnection()) {
                        Card card = card(c, p[2]);
                        issuer.cards().setState(c, card.id(), state);
                    }
                    return cardView(p[2]);
                }
            }
            case "merchants" -> {
                if (p.length == 3) {
                    allow(method, "GET");
                    try (Connection c = issuer.dataSource().getConnection()) {
                        Map<String, Object> m = views.merchant(c, p[2]);
                        if (m == null) throw new AdminError(404, "no merchant " + p[2]);
                        return m;
                    }
                }
            }
            case "holds" -> {
                if (p.length == 3 && p[2].equals("expire")) {
                    allow(method, "POST");
                    return Map.of("expired", issuer.holdSweeper().expireDue(System.currentTimeMillis()));
                }
            }
            case "audit" -> {
                if (p.length == 2) {
                    allow(method, "GET");
                    LedgerAudit.Report r = issuer.audit().run();
                    return Map.of("ok", r.ok(), "postingsSum", r.postingsSum(), "accounts", r.accounts(), "violations", r.violations());
                }
            }
            default -> { }
        }
        throw new AdminError(404, "no such resource: " + method + " " + ex.getRequestURI().getPath());
    }

    private Map<String, Object> cardView(String ref) throws SQLException {
        try (Connection c = issuer.dataSource().getConnection()) {
            Card card = card(c, ref);
            return views.card(c, card, issuer.products().get(card.product()).currency());
        }
    }

    private Card card(Connection c, String ref) throws SQLException {
        Card card = issuer.cards().byRef(c, ref);
        if (card == null) throw new AdminError(404, "no card " + ref);
        return card;
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed)) throw new AdminError(405, "method " + method + " not allowed here, use " + allowed);
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(65536);
            if (bytes.length == 0) throw new AdminError(400, "a JSON body is required");
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) throw new AdminError(400, "the body must be a JSON object");
            return n;
        } catch (JsonProcessingException e) {
            throw new AdminError(400, "the body is not valid JSON");
        }
    }

    private static String text(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) throw new AdminError(400, "'" + field + "' is required (a string)");
        return v.asText();
    }
}
