package org.veil.issuer.gateway;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.crypto.SecretKey;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.issuer.Issuer;
import org.veil.issuer.host.PresentedSecrets;
import org.veil.security.PinBlock;

/**
 * The shop-facing gateway API (every request signed, see {@link SignatureGate}): POST /orders asks for approval of an
 * order (matched with the buyer's wallet purchase, or paid directly with a card number and its password, or with a
 * one-time code); GET /orders/{orderId} tells the order as it stands. Answers carry no personal data. A code order that
 * waits for its cardholder's confirmation answers 202 PENDING (reason AWAITING_CARDHOLDER) at once, holding no worker.
 */
final class ShopRoutes {
    private final Issuer issuer;
    private final SignatureGate gate;
    private final PaymentPairing pairing;
    private final SecretKey zpk;

    ShopRoutes(Issuer issuer, SignatureGate gate, PaymentPairing pairing, SecretKey zpk) {
        this.issuer = issuer;
        this.gate = gate;
        this.pairing = pairing;
        this.zpk = zpk;
    }

    GatewayReply route(String method, List<String> p, String authorization, byte[] body) throws SQLException {
        if (p.isEmpty() || !p.getFirst().equals("orders") || p.size() > 2) {
            throw new ApiError(404, "no such resource " + ApiError.shown("/" + String.join("/", p)) + " (the gateway has POST /orders and GET /orders/{orderId})");
        }
        if (p.size() == 1 && !method.equals("POST")) throw ApiError.methodNotAllowed(method, "POST");
        if (p.size() == 2 && !method.equals("GET")) throw ApiError.methodNotAllowed(method, "GET");
        // The path as signed: our order ids need no percent-encoding, so the decoded segments rebuild it.
        GatewayMerchant g = gate.admit(authorization, method, "/" + String.join("/", p), body, System.currentTimeMillis());
        if (p.size() == 2) {
            String orderId = OrderIds.check(p.get(1));
            Order o;
            try (Connection c = issuer.dataSource().getConnection()) {
                o = pairing.book().find(c, g.merchantId(), orderId);
            }
            if (o == null) throw new ApiError(404, "no order " + orderId + " at " + g.merchantId());
            return reply(pairing.current(g, o));
        }
        JsonBody in = JsonBody.parse(body, "orderId", "amount", "currency", "cardNumber", "cardPassword", "expiry", "oneTimeCode");
        String orderId = OrderIds.check(in.text("orderId"));
        long amount = OrderIds.amount(in.wholeNumber("amount", "minor units"));
        String currency = in.optionalText("currency");
        if (currency != null && !currency.matches("[0-9]{3}")) throw new ApiError(400, "'currency' is an ISO 4217 numeric code such as 840");
        return reply(pairing.shop(g, orderId, side(in, amount, currency)));
    }

    private PaymentPairing.ShopSide side(JsonBody in, long amount, String currency) {
        String code = in.optionalText("oneTimeCode");
        String number = in.optionalText("cardNumber");
        if (code != null) {
            if (number != null || in.has("cardPassword") || in.has("expiry")) throw new ApiError(400, "a one-time code comes alone, without card data");
            return new PaymentPairing.ShopSide(amount, currency, Order.CODE, GatewayAuthorizer.Presented.code(code.strip()));
        }
        if (number == null) {
            if (in.has("cardPassword") || in.has("expiry")) throw new ApiError(400, "'cardPassword' and 'expiry' go with 'cardNumber'");
            return new PaymentPairing.ShopSide(amount, currency, Order.MATCHED, null);
        }
        String pan = number.replace(" ", "");
        if (!pan.matches("[0-9]{12,19}")) throw new ApiError(400, "'cardNumber' is 12 to 19 digits");
        String password = in.optionalText("cardPassword");
        if (password == null) throw new ApiError(400, "'cardPassword' (the card's PIN) is required with 'cardNumber'");
        if (!password.matches("[0-9]{4,12}")) throw new ApiError(400, "'cardPassword' is the card's PIN: 4 to 12 digits");
        String expiry = in.optionalText("expiry");
        if (expiry != null && !expiry.matches("[0-9]{4}")) throw new ApiError(400, "'expiry' is YYMM");
        // The password checked exactly as a terminal's PIN: a format 0 block under the zone PIN key, against the PVV.
        byte[] block = PinBlock.encryptFormat0(zpk, password, pan);
        return new PaymentPairing.ShopSide(amount, currency, Order.CARD,
                new GatewayAuthorizer.Presented(pan, expiry, new PresentedSecrets(block, null, null, null)));
    }

    private static GatewayReply reply(PaymentPairing.Result r) {
        return new GatewayReply(r.order().decided() ? 200 : 202, PaymentPairing.shopView(r.order(), r.merchant()));
    }
}
