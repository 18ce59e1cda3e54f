package org.veil.issuer.gateway;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jpos.q2.QBeanSupport;
import org.jpos.util.NameRegistrar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.http.JsonHttpServer;
import org.veil.http.JsonHttpServer.Answer;
import org.veil.issuer.DurableAnswer;
import org.veil.issuer.Issuer;

/**
 * Q2 service: the payment gateway for partner shops. Serves the signed shop API (JSON, errors {"error": "one line"}),
 * registers the parts the admin and wallet APIs delegate to, and runs one background loop: declining expired orders,
 * pushing results to push shops (the outbox), forgetting signatures older than the replay window, resuming code orders
 * that wait for their cardholder. A payment that waits for its cardholder's confirmation gets {@code confirm-seconds}
 * (veil.gateway.confirm.seconds, 120) and holds no HTTP worker: it is decided on a small executor of its own once the
 * holder answers. Its log lines name orders by row id and merchants by id only: never a secret, card data or who pays.
 */
public class GatewayApi extends QBeanSupport {
    public static final String REGISTRY_NAME = "veil.issuer.gateway";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApi.class);
    private static final int THREADS = 4;
    private static final JsonHttpServer.Naming NAMING = new JsonHttpServer.Naming("issuer-gateway", "gateway API", "/orders");

    private JsonHttpServer server;
    private ShopRoutes routes;
    private DurableAnswer answers;
    private ScheduledExecutorService loop;
    private ExecutorService confirmed;

    @Override
    protected void startService() throws IOException {
        Issuer issuer = Issuer.await();
        long confirmSeconds = cfg.getLong("confirm-seconds", 120);
        if (confirmSeconds < 1 || confirmSeconds > 3600) {
            throw new IllegalArgumentException("confirm-seconds (veil.gateway.confirm.seconds) must be 1 to 3600, got " + confirmSeconds);
        }
        MerchantSecrets secrets = new MerchantSecrets(issuer.pans().sealer());
        GatewayMerchants merchants = new GatewayMerchants(issuer, secrets, cfg.getLong("order-seconds", 900));
        CallbackOutbox outbox = new CallbackOutbox(issuer.dataSource(), cfg.getLong("push-retry-ms", 1000), cfg.getInt("push-attempts", 8));
        confirmed = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("issuer-gateway-confirmed-", 0).daemon().factory());
        PaymentPairing pairing = new PaymentPairing(issuer, new GatewayAuthorizer(issuer, confirmSeconds * 1000, confirmed), outbox, secrets);
        SignatureGate gate = new SignatureGate(issuer.dataSource(), merchants, cfg.getLong("signature-window-seconds", 300));
        routes = new ShopRoutes(issuer, gate, pairing, issuer.cardKeys().zpk());
        // no stack traces: an exception's text may carry what a shop sent
        answers = new DurableAnswer(issuer, "gateway API", LOG, false);
        String bind = cfg.get("bind", "127.0.0.1");
        server = JsonHttpServer.startAuthorized(NAMING, bind, cfg.getInt("port", 8083), THREADS, this::answer);
        NameRegistrar.register(Gateway.REGISTRY_NAME, new Gateway(issuer, merchants, pairing, outbox));
        loop = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("issuer-gateway-loop").daemon().factory());
        long tick = cfg.getLong("loop-ms", 250);
        loop.scheduleWithFixedDelay(() -> background(issuer, pairing, merchants, outbox, gate), tick, tick, TimeUnit.MILLISECONDS);
        NameRegistrar.register(REGISTRY_NAME, this);
        LOG.info("gateway API on http://{}:{}", bind, port());
    }

    @Override
    protected void stopService() {
        NameRegistrar.unregister(REGISTRY_NAME);
        NameRegistrar.unregister(Gateway.REGISTRY_NAME);
        if (loop != null) loop.shutdownNow();
        if (confirmed != null) confirmed.shutdownNow(); // orders still waiting stay CONFIRMING: the next start resumes them
        if (server != null) server.close();
    }

    public int port() {
        return server.port();
    }

    private void background(Issuer issuer, PaymentPairing pairing, GatewayMerchants merchants, CallbackOutbox outbox, SignatureGate gate) {
        try {
            long now = System.currentTimeMillis();
            pairing.sweep(merchants, now);
            issuer.groupCommit().awaitDurable(); // a push never reports a decision a crash could still undo
            outbox.deliverDue(merchants, System.currentTimeMillis());
            gate.forget(now);
        } catch (Exception e) {
            LOG.warn("gateway background loop: {}", e.toString());
        }
    }

    private Answer answer(String method, List<String> path, String authorization, byte[] body) {
        return answers.answer(method, path.isEmpty() ? "" : path.getFirst() + (path.size() > 1 ? "/..." : ""), () -> {
            GatewayReply r = routes.route(method, path, authorization, body);
            return Answer.of(r.status(), r.body());
        });
    }
}
