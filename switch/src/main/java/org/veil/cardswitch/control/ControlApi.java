package org.veil.cardswitch.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.http.ApiError;
import org.veil.http.JsonHttpServer;
import org.veil.http.JsonHttpServer.Answer;

/**
 * Q2 service: the switch's control HTTP API (JSON in and out; errors are 4xx/5xx with {"error": "one line"})
 * and the board of faults it fills, which the EdgeFault participant reads.
 */
public class ControlApi extends QBeanSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);
    private static final int THREADS = 2;
    private static final JsonHttpServer.Naming NAMING = new JsonHttpServer.Naming("switch-control", "control API", "/faults");

    private JsonHttpServer server;
    private FaultRoutes routes;

    @Override
    protected void startService() throws IOException {
        FaultBoard board = new FaultBoard();
        routes = new FaultRoutes(board);
        String bind = cfg.get("bind", "127.0.0.1");
        server = JsonHttpServer.start(NAMING, bind, cfg.getInt("port", 8082), THREADS, this::answer);
        NameRegistrar.register(FaultBoard.NAME, board);
        LOG.info("control API on http://{}:{}", bind, server.port());
    }

    @Override
    protected void stopService() {
        NameRegistrar.unregister(FaultBoard.NAME);
        if (server != null) server.close();
    }

    /** A well-formed request's answer; a failure of ours is logged here and answered with one line, never a trace. */
    private Answer answer(String method, List<String> path, byte[] body) {
        try {
            FaultRoutes.Reply r = routes.route(method, path, body);
            if (!method.equals("GET")) LOG.info("control API {} /{}: {} {}", method, String.join("/", path), r.status(), r.body());
            return Answer.of(r.status(), r.body());
        } catch (ApiError e) {
            return Answer.refusal(e);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("control API {} /{} failed", method, String.join("/", path), e);
            return Answer.error(500, "internal error (see the switch log)");
        }
    }
}
