package org.veil.issuer.wallet;

import java.io.IOException;
import java.util.List;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.http.JsonHttpServer;
import org.veil.http.JsonHttpServer.Answer;
import org.veil.issuer.DurableAnswer;
import org.veil.issuer.Issuer;

/**
 * Q2 service: the cardholder (wallet) HTTP API, JSON in and out, errors 4xx/5xx with {"error": "one line"}. Its log
 * lines never carry a customer id, a token or anything a customer typed: a path is logged by its first segment only.
 */
public class WalletApi extends QBeanSupport {
    public static final String REGISTRY_NAME = "veil.issuer.wallet";
    private static final Logger LOG = LoggerFactory.getLogger(WalletApi.class);
    // Argon2id takes 19 MiB and tens of milliseconds per verify: a few threads bound both.
    private static final int THREADS = 4;
    private static final JsonHttpServer.Naming NAMING = new JsonHttpServer.Naming("issuer-wallet", "wallet API", "/cards");

    private JsonHttpServer server;
    private Issuer issuer;
    private WalletRoutes routes;
    private DurableAnswer answers;

    @Override
    protected void startService() throws IOException {
        issuer = Issuer.await();
        double minutes = Double.parseDouble(cfg.get("session-minutes", "30"));
        routes = new WalletRoutes(issuer, Math.round(minutes * 60_000));
        // no stack traces: an exception's text may carry what a customer typed
        answers = new DurableAnswer(issuer, "wallet API", LOG, false);
        String bind = cfg.get("bind", "127.0.0.1");
        server = JsonHttpServer.startAuthorized(NAMING, bind, cfg.getInt("port", 8080), THREADS, this::answer);
        NameRegistrar.register(REGISTRY_NAME, this);
        LOG.info("wallet API on http://{}:{}", bind, port());
    }

    @Override
    protected void stopService() {
        NameRegistrar.unregister(REGISTRY_NAME);
        if (server != null) server.close();
    }

    public int port() {
        return server.port();
    }

    private Answer answer(String method, List<String> path, String authorization, byte[] body) {
        return answers.answer(method, loggable(path), () -> {
            WalletRoutes.Reply r = routes.route(method, path, authorization, body);
            return Answer.of(r.status(), r.body());
        });
    }

    /** Only the resource's kind: /customers/{id}/... would name the customer. */
    private static String loggable(List<String> path) {
        return path.isEmpty() ? "" : path.getFirst() + (path.size() > 1 ? "/..." : "");
    }
}
