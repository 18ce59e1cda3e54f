package org.veil.issuer.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.issuer.Issuer;

/**
 * The wallet's side of a partner-shop purchase (the holder, logged in on the wallet API): POST /purchases {card,
 * merchant, orderId, amount, items} hands the gateway the chosen card and what is bought; GET /purchases/{id} tells how
 * it stands. The answer of a decided purchase at a buyer-mode shop carries the shop's signed receipt.
 */
final class WalletPurchases {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ITEMS_TEXT = 4000;
    private final Issuer issuer;
    private final GatewayMerchants merchants;
    private final PaymentPairing pairing;

    WalletPurchases(Issuer issuer, GatewayMerchants merchants, PaymentPairing pairing) {
        this.issuer = issuer;
        this.merchants = merchants;
        this.pairing = pairing;
    }

    GatewayReply route(String method, List<String> p, long customer, byte[] body) throws SQLException {
        if (p.size() == 1) {
            if (!method.equals("POST")) throw ApiError.methodNotAllowed(method, "POST");
            return purchase(customer, body);
        }
        if (p.size() == 2) {
            if (!method.equals("GET")) throw ApiError.methodNotAllowed(method, "GET");
            String raw = p.get(1);
            if (!raw.matches("[0-9]{1,18}")) throw new ApiError(400, "a purchase is named by its id (a number), got " + ApiError.shown(raw));
            try (Connection c = issuer.dataSource().getConnection()) {
                Order o = pairing.book().byId(c, Long.parseLong(raw), false);
                if (o == null || o.customer() == null || o.customer() != customer) throw new ApiError(404, "no purchase " + raw + " in your wallet");
                GatewayMerchant g = merchants.byMerchantId(c, o.merchantId());
                return reply(pairing.current(g, o));
            }
        }
        throw new ApiError(404, "no such resource (the wallet has POST /purchases and GET /purchases/{id})");
    }

    private GatewayReply purchase(long customer, byte[] body) throws SQLException {
        JsonBody in = JsonBody.parse(body, "card", "merchant", "orderId", "amount", "items");
        long card = in.wholeNumber("card", "card id (from GET /cards)");
        String merchant = GatewayMerchants.merchantId(in.text("merchant"));
        String orderId = OrderIds.check(in.text("orderId"));
        long amount = OrderIds.amount(in.wholeNumber("amount", "minor units"));
        String items = items(body);
        GatewayMerchant g;
        try (Connection c = issuer.dataSource().getConnection()) {
            if (!owns(c, customer, card)) throw new ApiError(404, "no card " + card + " in your wallet");
            g = merchants.byMerchantId(c, merchant);
        }
        if (g == null) throw new ApiError(404, "no partner shop " + merchant + " at the gateway");
        return reply(pairing.wallet(g, orderId, new PaymentPairing.WalletSide(customer, card, amount, items)));
    }

    /** The purchase's items as compact JSON (an array of at most 50), kept for the holder; null when none. */
    private static String items(byte[] body) {
        JsonNode n;
        try {
            n = JSON.readTree(body).get("items");
        } catch (IOException e) {
            throw new ApiError(400, "the body cannot be read");
        }
        if (n == null || n.isNull()) return null;
        if (!n.isArray() || n.size() > 50) throw new ApiError(400, "'items' must be an array of at most 50 entries");
        String text = n.toString();
        if (text.length() > MAX_ITEMS_TEXT) throw new ApiError(400, "'items' is longer than " + MAX_ITEMS_TEXT + " characters as JSON");
        return text;
    }

    static boolean owns(Connection c, long customer, long card) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM wallet_cards WHERE card_id = ? AND customer = ?")) {
            ps.setLong(1, card);
            ps.setLong(2, customer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static GatewayReply reply(PaymentPairing.Result r) {
        return new GatewayReply(r.order().decided() ? 200 : 202, PaymentPairing.walletView(r.order(), r.merchant()));
    }
}
