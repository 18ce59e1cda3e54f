package org.veil.issuer.wallet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.issuer.Issuer;
import org.veil.issuer.admin.LedgerViews;
import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardState;
import org.veil.issuer.card.CardUse;
import org.veil.issuer.card.IssuedCard;
import org.veil.issuer.card.PinSetter;
import org.veil.issuer.card.Product;
import org.veil.issuer.ledger.Balance;

/**
 * A customer's cards: apply (virtual or physical), list, show, activate, block, unblock, close. A card of another
 * customer is answered exactly as one that does not exist (404). The link card to customer is wallet_cards only.
 */
public final class WalletCards {
    public static final String ORDERED = "ORDERED";
    public static final String SHIPPED = "SHIPPED";
    public static final String ACTIVATED = "ACTIVATED";
    private static final String VIRTUAL = "VIRTUAL";
    private static final String PHYSICAL = "PHYSICAL";
    private final Issuer issuer;
    private final LedgerViews views;

    public WalletCards(Issuer issuer) {
        this.issuer = issuer;
        this.views = new LedgerViews(issuer.ledger());
    }

    private record Held(Card card, String name, String kind, String fulfilment) {}

    Map<String, Object> apply(long customer, JsonBody in) throws SQLException {
        String type = in.text("type").toUpperCase(Locale.ROOT);
        if (!type.equals(VIRTUAL) && !type.equals(PHYSICAL)) {
            throw new ApiError(400, "'type' must be virtual or physical, got " + ApiError.shown(in.text("type")));
        }
        Product product = issuer.products().get(in.text("product"));
        if (product == null) throw new ApiError(400, "unknown product " + ApiError.shown(in.text("product")) + " (for example PREPAID-USD)");
        String name = Registration.printable("name", in.text("name"), 64);
        String pin = in.optionalText("pin");
        if (pin == null && type.equals(PHYSICAL)) throw new ApiError(400, "'pin' is required for a physical card (4 to 12 digits)");
        if (pin != null) {
            try {
                PinSetter.check(pin);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "'pin': " + e.getMessage());
            }
        }
        boolean physical = type.equals(PHYSICAL);
        IssuedCard issued;
        try (Connection c = issuer.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                issued = issuer.cardIssuer().issue(c, product, pin, physical ? CardState.INACTIVE : CardState.ACTIVE, CardUse.ANY);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO wallet_cards (card_id, customer, name, kind, fulfilment, created_at)"
                        + " VALUES (?,?,?,?,?,?)")) {
                    ps.setLong(1, issued.card().id());
                    ps.setLong(2, customer);
                    ps.setString(3, name);
                    ps.setString(4, type);
                    ps.setString(5, physical ? ORDERED : null);
                    ps.setLong(6, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        Card card = issued.card();
        Map<String, Object> m = summary(new Held(card, name, type, physical ? ORDERED : null), product.currency());
        if (physical) {
            // For the card plant, told once: the plastic's number, track 2 (with PVV and CVV), chip iCVV and printed CVV2.
            Map<String, Object> plant = new LinkedHashMap<>();
            plant.put("state", ORDERED.toLowerCase(Locale.ROOT));
            plant.put("pan", issued.pan());
            plant.put("expiry", card.expiry());
            plant.put("cvv2", issued.cvv2());
            plant.put("track2", issued.track2());
            plant.put("icvv", issued.icvv());
            m.put("fulfilment", plant);
        } else {
            m.put("pan", issued.pan());
            m.put("cvv2", issued.cvv2());
        }
        return m;
    }

    List<Map<String, Object>> list(long customer) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = issuer.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT card_id FROM wallet_cards WHERE customer = ? ORDER BY card_id")) {
            ps.setLong(1, customer);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            for (long id : ids) {
                Held h = held(c, customer, id);
                Map<String, Object> m = summary(h, currency(h.card));
                Balance b = issuer.ledger().balance(c, h.card.accountId(), false);
                m.put("ledger", b.ledger());
                m.put("available", b.available());
                out.add(m);
            }
        }
        return out;
    }

    Map<String, Object> show(long customer, long id) throws SQLException {
        try (Connection c = issuer.dataSource().getConnection()) {
            Held h = held(c, customer, id);
            Map<String, Object> m = summary(h, currency(h.card));
            m.putAll(views.card(c, h.card, currency(h.card), issuer.cards().pinState(c, id, false)));
            m.put("name", h.name);
            return m;
        }
    }

    /** A shipped physical card, activated by its holder: from now on it may transact. */
    Map<String, Object> activate(long customer, long id) throws SQLException {
        try (Connection c = issuer.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Held h = held(c, customer, id);
                if (!PHYSICAL.equals(h.kind)) throw new ApiError(409, "card " + id + " is virtual: it is active from the start");
                if (ACTIVATED.equals(h.fulfilment)) throw new ApiError(409, "card " + id + " is already activated");
                if (!SHIPPED.equals(h.fulfilment)) throw new ApiError(409, "card " + id + " has not been shipped yet: activate it when it arrives");
                if (h.card.state() != CardState.INACTIVE) throw new ApiError(409, "card " + id + " is " + h.card.state());
                setFulfilment(c, id, ACTIVATED);
                issuer.cards().setState(c, id, CardState.ACTIVE);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return show(customer, id);
    }

    Map<String, Object> block(long customer, long id) throws SQLException {
        return change(customer, id, CardState.ACTIVE, CardState.BLOCKED, "only an active card can be blocked");
    }

    Map<String, Object> unblock(long customer, long id) throws SQLException {
        return change(customer, id, CardState.BLOCKED, CardState.ACTIVE, "only a blocked card can be unblocked");
    }

    /** Closed only with nothing on it: no balance and no hold. */
    Map<String, Object> close(long customer, long id) throws SQLException {
        try (Connection c = issuer.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Held h = held(c, customer, id);
                if (h.card.state() == CardState.CLOSED) throw new ApiError(409, "card " + id + " is already closed");
                Balance b = issuer.ledger().balance(c, h.card.accountId(), true);
                if (b.ledger() != 0 || b.available() != 0) {
                    throw new ApiError(409, "card " + id + " still holds money (ledger " + b.ledger() + ", available " + b.available()
                            + " minor units): spend or move it before closing the card");
                }
                issuer.cards().setState(c, id, CardState.CLOSED);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return show(customer, id);
    }

    /** The operator's step for a physical card: the plant has sent it (ordered to shipped). 404 unless a wallet's physical card. */
    public Map<String, Object> shipped(long id) throws SQLException {
        try (Connection c = issuer.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                String fulfilment;
                try (PreparedStatement ps = c.prepareStatement("SELECT fulfilment FROM wallet_cards WHERE card_id = ? AND kind = ? FOR UPDATE")) {
                    ps.setLong(1, id);
                    ps.setString(2, PHYSICAL);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) throw new ApiError(404, "card " + id + " is not a physical wallet card");
                        fulfilment = rs.getString(1);
                    }
                }
                if (!ORDERED.equals(fulfilment)) throw new ApiError(409, "card " + id + " is " + fulfilment + ", not ORDERED");
                setFulfilment(c, id, SHIPPED);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return Map.of("id", id, "fulfilment", SHIPPED);
    }

    private Map<String, Object> change(long customer, long id, CardState from, CardState to, String rule) throws SQLException {
        try (Connection c = issuer.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Held h = held(c, customer, id);
                if (h.card.state() != from) throw new ApiError(409, "card " + id + " is " + h.card.state() + ": " + rule);
                issuer.cards().setState(c, id, to);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return show(customer, id);
    }

    private static void setFulfilment(Connection c, long id, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE wallet_cards SET fulfilment = ? WHERE card_id = ?")) {
            ps.setString(1, state);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** The customer's card, or 404 (the same for a card of somebody else). */
    private Held held(Connection c, long customer, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, kind, fulfilment FROM wallet_cards WHERE card_id = ? AND customer = ?")) {
            ps.setLong(1, id);
            ps.setLong(2, customer);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ApiError(404, "no card " + id + " in your wallet");
                return new Held(issuer.cards().byId(c, id), rs.getString(1), rs.getString(2), rs.getString(3));
            }
        }
    }

    private String currency(Card card) {
        return issuer.products().get(card.product()).currency();
    }

    private static Map<String, Object> summary(Held h, String currency) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.card.id());
        m.put("name", h.name);
        m.put("type", h.kind.toLowerCase(Locale.ROOT));
        m.put("maskedPan", h.card.maskedPan());
        m.put("expiry", h.card.expiry());
        m.put("state", h.card.state().name());
        m.put("fulfilment", h.fulfilment);
        m.put("product", h.card.product());
        m.put("currency", currency);
        return m;
    }
}
