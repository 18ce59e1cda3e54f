package org.veil.issuer.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.veil.http.ApiError;
import org.veil.issuer.Issuer;
import org.veil.issuer.card.Card;

/**
 * GET /cards/{id}/autofill on the wallet API: what the wallet fills into a shop's checkout form (number, expiry, card
 * name), for the card's own holder only. The card password (PIN) is never stored in a form the wallet can give back:
 * the holder types it, and the gateway checks it.
 */
public final class CardAutofill {
    private CardAutofill() {}

    public static Map<String, Object> fill(Issuer issuer, long customer, long cardId) throws SQLException {
        try (Connection c = issuer.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM wallet_cards WHERE card_id = ? AND customer = ?")) {
            ps.setLong(1, cardId);
            ps.setLong(2, customer);
            String name;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ApiError(404, "no card " + cardId + " in your wallet");
                name = rs.getString(1);
            }
            Card card = issuer.cards().byId(c, cardId);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", cardId);
            m.put("number", issuer.cards().pan(c, cardId));
            m.put("expiry", card.expiry());
            m.put("expiryMonth", card.expiry().substring(2, 4));
            m.put("expiryYear", "20" + card.expiry().substring(0, 2));
            m.put("name", name);
            m.put("state", card.state().name());
            return m;
        }
    }
}
