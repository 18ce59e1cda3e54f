package org.veil.issuer.gateway;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jpos.util.NameRegistrar;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.issuer.Issuer;

/**
 * The running payment gateway's parts, registered by {@link GatewayApi}: the admin API (merchant registration) and the
 * wallet API (purchases) delegate their gateway resources here, and answer 503 while it is not running.
 */
public final class Gateway {
    static final String REGISTRY_NAME = "veil.issuer.gateway.parts";
    private final Issuer issuer;
    private final GatewayMerchants merchants;
    private final WalletPurchases purchases;
    private final CallbackOutbox outbox;

    Gateway(Issuer issuer, GatewayMerchants merchants, PaymentPairing pairing, CallbackOutbox outbox) {
        this.issuer = issuer;
        this.merchants = merchants;
        this.outbox = outbox;
        this.purchases = new WalletPurchases(issuer, merchants, pairing);
    }

    /** The running gateway, or a 503 refusal. */
    public static Gateway running() {
        Gateway g = NameRegistrar.getIfExists(REGISTRY_NAME);
        if (g == null) throw new ApiError(503, "the payment gateway is not running on this issuer host");
        return g;
    }

    /** Admin API: POST /gateway/merchants, GET /gateway/merchants/{merchantId}. */
    public GatewayReply admin(String method, List<String> p, byte[] body) throws SQLException {
        if (p.size() == 2 && p.get(1).equals("merchants")) {
            if (!method.equals("POST")) throw ApiError.methodNotAllowed(method, "POST");
            return new GatewayReply(201, merchants.register(JsonBody.parse(body, "merchantId", "name", "resultMode", "callbackUrl", "orderSeconds")));
        }
        if (p.size() == 3 && p.get(1).equals("merchants")) {
            if (!method.equals("GET")) throw ApiError.methodNotAllowed(method, "GET");
            String id = GatewayMerchants.merchantId(p.get(2));
            try (Connection c = issuer.dataSource().getConnection()) {
                GatewayMerchant g = merchants.byMerchantId(c, id);
                if (g == null) throw new ApiError(404, "no partner shop " + id + " at the gateway");
                var view = GatewayMerchants.view(g);
                if (g.mode() == ResultMode.PUSH) view.put("pushes", outbox.counts(c, id));
                return new GatewayReply(200, view);
            }
        }
        throw new ApiError(404, "no such resource (the gateway's admin resources are POST /gateway/merchants and GET /gateway/merchants/{id})");
    }

    /** Wallet API: POST /purchases, GET /purchases/{id}, for the logged-in customer. */
    public GatewayReply wallet(String method, List<String> p, long customer, byte[] body) throws SQLException {
        return purchases.route(method, p, customer, body);
    }
}
