package org.veil.issuer.admin;

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

/** Q2 service: the issuer's admin HTTP API (JSON in and out; errors are 4xx/5xx with {"error": "one line"}). */
public class AdminApi extends QBeanSupport {
    public static final String REGISTRY_NAME = "veil.issuer.admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final int THREADS = 4;
    private static final JsonHttpServer.Naming NAMING = new JsonHttpServer.Naming("issuer-admin", "admin API", "/audit");

    private JsonHttpServer server;
    private Issuer issuer;
    private AdminRoutes routes;
    private DurableAnswer answers;

    @Override
    protected void startService() throws IOException {
        issuer = Issuer.await();
        routes = new AdminRoutes(issuer);
        answers = new DurableAnswer(issuer, "admin API", LOG, true);
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

    private Answer answer(String method, List<String> path, byte[] body) {
        return answers.answer(method, loggable(path), () -> {
            AdminRoutes.Reply r = routes.route(method, path, body);
            return Answer.of(r.status(), r.body());
        });
    }

    /** The path for the log: a card named by its PAN shows masked. */
    private static String loggable(List<String> path) {
        return String.join("/", path.stream().map(CardRef::loggable).toList());
    }
}
