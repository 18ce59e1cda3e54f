package org.veil.issuer.admin;

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

/** Q2 service: the issuer's admin HTTP API (JSON in and out; errors are 4xx/5xx with {"error": "one line"}). */
public class AdminApi extends QBeanSupport {
    public static final String REGISTRY_NAME = "veil.issuer.admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final int THREADS = 4;
    private static final JsonHttpServer.Naming NAMING = new JsonHttpServer.Naming("issuer-admin", "admin API", "/audit");

    private JsonHttpServer server;
    private Issuer issuer;
    private AdminRoutes routes;

    @Override
    protected void startService() throws IOException {
        issuer = Issuer.await();
        routes = new AdminRoutes(issuer);
        String bind = cfg.get("bind", "127.0.0.1");
        server = JsonHttpServer.start(NAMING, bind, cfg.getInt("port", 8081), THREADS, this::answer);
        NameRegistrar.register(REGISTRY_NAME, this);
        LOG.info("admin API on http://{}:{}", bind, port());
    }

    @Override
    protected void stopService() {
        NameRegistrar.unregister(REGISTRY_NAME);
        if (server != null) server.close();
    }

    /** The port actually bound (the configured one, or the one the OS chose for 0). */
    public int port() {
        return server.port();
    }

    /** A well-formed request's answer; a failure of ours is logged here and answered with one line, never a trace. */
    private Answer answer(String method, List<String> path, byte[] body) {
        try {
            AdminRoutes.Reply r = routes.route(method, path, body);
            issuer.groupCommit().awaitDurable(); // what the answer reports survives a crash
            return Answer.of(r.status(), r.body());
        } catch (ApiError e) {
            return Answer.refusal(e);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) return Answer.error(409, "conflicting concurrent update, try again");
            LOG.error("admin API {} /{} failed", method, loggable(path), e);
            return Answer.error(500, "database error (see the issuer log)");
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("admin API {} /{} failed", method, loggable(path), e);
            return Answer.error(500, "internal error (see the issuer log)");
        }
    }

    /** The path for the log: a card named by its PAN shows masked. */
    private static String loggable(List<String> path) {
        return String.join("/", path.stream().map(CardRef::loggable).toList());
    }
}
