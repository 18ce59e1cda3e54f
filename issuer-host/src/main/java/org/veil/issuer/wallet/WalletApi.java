package org.veil.issuer.wallet;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.http.ApiError;
import org.veil.http.JsonHttpServer;
import org.veil.http.JsonHttpServer.Answer;
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

    @Override
    protected void startService() throws IOException {
        issuer = Issuer.await();
        double minutes = Double.parseDouble(cfg.get("session-minutes", "30"));
        routes = new WalletRoutes(issuer, Math.round(minutes * 60_000));
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
        try {
            WalletRoutes.Reply r = routes.route(method, path, authorization, body);
            issuer.groupCommit().awaitDurable(); // what the answer reports survives a crash
            return Answer.of(r.status(), r.body());
        } catch (ApiError e) {
            return Answer.refusal(e);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) return Answer.error(409, "conflicting concurrent update, try again");
            LOG.error("wallet API {} /{} failed: {}", method, loggable(path), e.toString());
            return Answer.error(500, "database error (see the issuer log)");
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("wallet API {} /{} failed: {}", method, loggable(path), e.getClass().getName());
            return Answer.error(500, "internal error (see the issuer log)");
        }
    }

    /** Only the resource's kind: /customers/{id}/... would name the customer. */
    private static String loggable(List<String> path) {
        return path.isEmpty() ? "" : path.getFirst() + (path.size() > 1 ? "/..." : "");
    }
}
