package org.veil.issuer.admin;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.issuer.Issuer;
import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardState;
import org.veil.issuer.card.CardUse;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.card.IssuedCard;
import org.veil.issuer.card.PinSetter;
import org.veil.issuer.ledger.LedgerAudit;
import org.veil.issuer.statement.StatementRoutes;
import org.veil.issuer.wallet.WalletCards;
import org.veil.issuer.topup.SwitchAcquirer;
import org.veil.issuer.topup.TopUps;

/** The admin API's resources: a request (method, decoded path segments, body) to its JSON answer or an ApiError. */
final class AdminRoutes {
    /** An answer: status and the object to write as JSON. */
    record Reply(int status, Object body) {}

    private static final int MAX_MERCHANT_ID = 15;
    private final Issuer issuer;
    private final LedgerViews views;
    private final WalletCards walletCards;
    private final StatementRoutes statements;
    private final TopUps topUps;

    AdminRoutes(Issuer issuer) {
        this.issuer = issuer;
        this.views = new LedgerViews(issuer.ledger());
        this.walletCards = new WalletCards(issuer);
        this.statements = new StatementRoutes(issuer.dataSource());
        this.topUps = new TopUps(issuer, SwitchAcquirer.fromProperties());
    }

    /** Segments exclude the empty one before the leading slash; a trailing slash is ignored. */
    Reply route(String method, List<String> p, byte[] body) throws SQLException {
        String head = p.isEmpty() ? "" : p.getFirst();
        switch (head) {
            case "products" -> {
                if (p.size() == 1) {
                    allow(method, "GET");
                    return ok(issuer.products().all().stream().map(LedgerViews::product).toList());
                }
            }
            case "cards" -> {
                if (p.size() == 1) {
                    allow(method, "POST");
                    JsonBody in = JsonBody.parse(body, "product", "pin", "use");
                    String product = in.text("product");
                    if (issuer.products().get(product) == null) {
                        throw new ApiError(400, "unknown product " + ApiError.shown(product) + " (GET /products lists them)");
                    }
                    String pin = pin(in, false);
                    CardUse use;
                    try {
                        use = CardUse.parse(in.optionalText("use"));
                    } catch (IllegalArgumentException e) {
                        throw new ApiError(400, "'use': " + ApiError.oneLine(e.getMessage()));
                    }
                    IssuedCard card = issuer.cardIssuer().issue(product, pin, use);
                    return new Reply(201, LedgerViews.issued(card, issuer.products().get(product).currency()));
                }
                if (p.size() == 2) {
                    allow(method, "GET");
                    return ok(cardView(CardRef.parse(p.get(1))));
                }
                if (p.size() == 3 && p.get(2).equals("load")) {
                    allow(method, "POST");
                    CardRef ref = CardRef.parse(p.get(1));
                    JsonBody in = JsonBody.parse(body, "amount", "reference");
                    return ok(issuer.cardLoader().load(ref, in.wholeNumber("amount", "minor units"), in.optionalText("reference")));
                }
                if (p.size() == 3 && p.get(2).equals("one-time-codes")) {
                    // {"maxAmount":..., "expiresInSeconds":..., "merchant":...}: the cardholder API will mint through the same service.
                    allow(method, "POST");
                    CardRef ref = CardRef.parse(p.get(1));
                    JsonBody in = JsonBody.parse(body, "maxAmount", "expiresInSeconds", "merchant");
                    long max = in.wholeNumber("maxAmount", "minor units");
                    long seconds = in.wholeNumber("expiresInSeconds", "seconds");
                    if (seconds <= 0 || seconds > OneTimeCodes.MAX_LIFETIME_SECONDS) {
                        throw new ApiError(400, "'expiresInSeconds' must be 1 to " + OneTimeCodes.MAX_LIFETIME_SECONDS + ", got " + seconds);
                    }
                    String merchant = in.optionalText("merchant");
                    long cardId;
                    try (Connection c = issuer.dataSource().getConnection()) {
                        cardId = ref.find(c, issuer.cards()).id();
                    }
                    try {
                        return new Reply(201, LedgerViews.minted(issuer.oneTimeCodes().mint(cardId, max,
                                System.currentTimeMillis() + seconds * 1000, merchant)));
                    } catch (IllegalArgumentException e) {
                        throw new ApiError(400, ApiError.oneLine(e.getMessage()));
                    } catch (IllegalStateException e) {
                        throw new ApiError(409, ApiError.oneLine(e.getMessage()));
                    }
                }
                if (p.size() == 3 && p.get(2).equals("pin")) {
                    // {"pin":"5678"}: a new PIN, which also lifts a PIN lock. It belongs to the cardholder API (port 8080),
                    // which does not exist yet: until it does, the issuer's staff set PINs here.
                    allow(method, "POST");
                    CardRef ref = CardRef.parse(p.get(1));
                    String pin = pin(JsonBody.parse(body, "pin"), true);
                    try (Connection c = issuer.dataSource().getConnection()) {
                        c.setAutoCommit(false);
                        try {
                            Card card = ref.find(c, issuer.cards());
                            String pan = ref.pan() != null ? ref.pan() : issuer.cards().pan(c, card.id());
                            issuer.pins().set(c, card.id(), pan, pin);
                            c.commit();
                        } catch (SQLException | RuntimeException e) {
                            c.rollback();
                            throw e;
                        }
                    }
                    return ok(cardView(ref));
                }
                if (p.size() == 3 && p.get(2).equals("fulfilment")) {
                    // {"state":"shipped"}: the card plant has sent a wallet's physical card (ordered to shipped); its holder activates it.
                    allow(method, "POST");
                    CardRef ref = CardRef.parse(p.get(1));
                    String state = JsonBody.parse(body, "state").text("state");
                    if (!state.equalsIgnoreCase("shipped")) {
                        throw new ApiError(400, "'state' must be shipped (the holder activates the card through the wallet), got " + ApiError.shown(state));
                    }
                    long id;
                    try (Connection c = issuer.dataSource().getConnection()) {
                        id = ref.find(c, issuer.cards()).id();
                    }
                    return ok(walletCards.shipped(id));
                }
                if (p.size() == 3 && p.get(2).equals("state")) {
                    allow(method, "POST");
                    CardRef ref = CardRef.parse(p.get(1));
                    CardState state;
                    try {
                        state = CardState.parse(JsonBody.parse(body, "state").text("state"));
                    } catch (IllegalArgumentException e) {
                        throw new ApiError(400, e.getMessage());
                    }
                    try (Connection c = issuer.dataSource().getConnection()) {
                        issuer.cards().setState(c, ref.find(c, issuer.cards()).id(), state);
                    }
                    return ok(cardView(ref));
                }
            }
            case "merchants" -> {
                if (p.size() == 2) {
                    allow(method, "GET");
                    String id = p.get(1);
                    if (id.isEmpty() || id.length() > MAX_MERCHANT_ID || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                        throw new ApiError(400, "a merchant id (field 42) is 1 to 15 printable characters, got " + ApiError.shown(id));
                    }
                    try (Connection c = issuer.dataSource().getConnection()) {
                        Map<String, Object> m = views.merchant(c, id);
                        if (m == null) throw new ApiError(404, "no merchant " + ApiError.shown(id));
                        return ok(m);
                    }
                }
            }
            case "holds" -> {
                if (p.size() == 2 && p.get(1).equals("expire")) {
                    allow(method, "POST");
                    if (body.length > 0) JsonBody.parse(body); // optional, and then {} only
                    return ok(Map.of("expired", issuer.holdSweeper().expireDue(System.currentTimeMillis())));
                }
            }
            case "gateway" -> {
                var r = org.veil.issuer.gateway.Gateway.running().admin(method, p, body);
                return new Reply(r.status(), r.body());
            }
            case "audit" -> {
                if (p.size() == 1) {
                    allow(method, "GET");
                    LedgerAudit.Report r = issuer.audit().run();
                    return ok(Map.of("ok", r.ok(), "postingsSum", r.postingsSum(), "accounts", r.accounts(), "violations", r.violations()));
                }
            }
            case "statements" -> {
                if (p.size() == 2) {
                    StatementRoutes.Reply r = statements.route(method, p, body);
                    return new Reply(r.status(), r.body());
                }
            }
            case "bank-transfers" -> {
                // The bank's side of a wallet top-up by transfer: the transfer {ref} arrived (or look at it).
                if (p.size() == 2) {
                    allow(method, "GET");
                    return ok(topUps.bankTransfer(p.get(1)));
                }
                if (p.size() == 3 && p.get(2).equals("confirm")) {
                    allow(method, "POST");
                    if (body.length > 0) JsonBody.parse(body); // optional, and then {} only
                    return ok(topUps.confirmBankTransfer(p.get(1)));
                }
            }
            default -> { }
        }
        throw new ApiError(404, "no such resource " + ApiError.shown("/" + String.join("/", p))
                + " (the API has /products, /cards, /cards/{ref}, /cards/{ref}/load, /cards/{ref}/state, /cards/{ref}/pin, /cards/{ref}/fulfilment,"
                + " /cards/{ref}/one-time-codes, /merchants/{id}, /holds/expire, /audit, /gateway/merchants, /statements/run,"
                + " /statements/{date}, /statements/outbox, /bank-transfers/{ref}, /bank-transfers/{ref}/confirm)");
    }

    private static Reply ok(Object body) {
        return new Reply(200, body);
    }

    private Map<String, Object> cardView(CardRef ref) throws SQLException {
        try (Connection c = issuer.dataSource().getConnection()) {
            Card card = ref.find(c, issuer.cards());
            return views.card(c, card, issuer.products().get(card.product()).currency(), issuer.cards().pinState(c, card.id(), false));
        }
    }

    /** The body's "pin", checked; 400 (never repeating it) unless 4 to 12 digits. */
    private static String pin(JsonBody in, boolean required) {
        String pin = required ? in.text("pin") : in.optionalText("pin");
        if (pin == null) return null;
        try {
            PinSetter.check(pin);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "'pin': " + e.getMessage());
        }
        return pin;
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed)) throw ApiError.methodNotAllowed(method, allowed);
    }
}
