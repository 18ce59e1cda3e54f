package org.veil.issuer.wallet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.issuer.Issuer;
import org.veil.issuer.confirm.CardholderCodes;
import org.veil.issuer.confirm.ConfirmationRoutes;
import org.veil.issuer.confirm.WalletReply;
import org.veil.issuer.topup.SwitchAcquirer;
import org.veil.issuer.topup.TopUpRoutes;
import org.veil.issuer.topup.TopUps;

/** The cardholder API's resources: a request (method, path, Authorization header, body) to its JSON answer or an ApiError. */
final class WalletRoutes {
    record Reply(int status, Object body) {}

    private final Issuer issuer;
    private final Sessions sessions;
    private final CustomerAccounts customers;
    private final WalletCards cards;
    private final CardholderCodes codes;
    private final ConfirmationRoutes confirmations;
    private final TopUpRoutes topUps;

    WalletRoutes(Issuer issuer, long sessionMillis) {
        this.issuer = issuer;
        this.sessions = new Sessions(sessionMillis);
        this.customers = new CustomerAccounts(issuer.dataSource(), sessions);
        this.cards = new WalletCards(issuer);
        this.codes = new CardholderCodes(issuer);
        this.confirmations = new ConfirmationRoutes(issuer);
        TopUps t = new TopUps(issuer, SwitchAcquirer.fromProperties());
        this.topUps = new TopUpRoutes(t);
        // credit-card top-ups cut off by a stop are reversed once the switch has had time to come up
        Thread.ofVirtual().name("top-up-recovery").start(() -> t.recoverInterruptedAfter(10_000));
    }

    Reply route(String method, List<String> p, String authorization, byte[] body) throws SQLException {
        String head = p.isEmpty() ? "" : p.getFirst();
        switch (head) {
            case "customers" -> {
                if (p.size() == 1) {
                    allow(method, "POST");
                    return new Reply(201, customers.register(JsonBody.parse(body, "customerId", "password", "nickname", "email", "phone",
                            "recoveryQuestion", "recoveryAnswer")));
                }
                if (p.size() == 3 && p.get(2).equals("password-reset")) {
                    if (method.equals("GET")) return ok(customers.recoveryQuestion(p.get(1)));
                    allow(method, "POST");
                    return ok(customers.resetPassword(p.get(1), JsonBody.parse(body, "recoveryAnswer", "password")));
                }
            }
            case "sessions" -> {
                if (p.size() == 1) {
                    allow(method, "POST");
                    return new Reply(201, customers.login(JsonBody.parse(body, "customerId", "password")));
                }
                if (p.size() == 2 && p.get(1).equals("current")) {
                    allow(method, "DELETE");
                    try (Connection c = issuer.dataSource().getConnection()) {
                        sessions.customer(c, authorization, System.currentTimeMillis());
                        sessions.close(c, authorization);
                    }
                    return ok(Map.of("loggedOut", true));
                }
            }
            case "cards" -> {
                if (p.size() == 1) {
                    if (method.equals("GET")) return ok(cards.list(customer(authorization)));
                    allow(method, "GET, POST");
                    long customer = customer(authorization);
                    return new Reply(201, cards.apply(customer, JsonBody.parse(body, "type", "product", "name", "pin")));
                }
                if (p.size() == 2) {
                    allow(method, "GET");
                    long customer = customer(authorization);
                    return ok(cards.show(customer, cardId(p.get(1))));
                }
                if (p.size() == 3 && p.get(2).equals("autofill")) {
                    allow(method, "GET");
                    return ok(org.veil.issuer.gateway.CardAutofill.fill(issuer, customer(authorization), cardId(p.get(1))));
                }
                if ((p.size() == 3 || p.size() == 4) && p.get(2).equals("one-time-codes")) {
                    return reply(codes.route(method, customer(authorization), cardId(p.get(1)), p.size() == 4 ? p.get(3) : null, body));
                }
                if (p.size() == 3) {
                    String action = p.get(2);
                    if (List.of("activate", "block", "unblock", "close").contains(action)) {
                        allow(method, "POST");
                        long customer = customer(authorization);
                        long id = cardId(p.get(1));
                        if (body.length > 0) JsonBody.parse(body); // optional, and then {} only
                        return ok(switch (action) {
                            case "activate" -> cards.activate(customer, id);
                            case "block" -> cards.block(customer, id);
                            case "unblock" -> cards.unblock(customer, id);
                            default -> cards.close(customer, id);
                        });
                    }
                }
            }
            case "purchases" -> {
                var r = org.veil.issuer.gateway.Gateway.running().wallet(method, p, customer(authorization), body);
                return new Reply(r.status(), r.body());
            }
            case "confirmations" -> {
                if (p.size() <= 2) return reply(confirmations.route(method, customer(authorization), p, body));
            }
            case "funding-sources", "top-ups" -> {
                TopUpRoutes.Reply r = topUps.route(method, p, customer(authorization), body);
                return new Reply(r.status(), r.body());
            }
            default -> { }
        }
        throw new ApiError(404, "no such resource " + ApiError.shown("/" + String.join("/", p))
                + " (the API has /customers, /customers/{id}/password-reset, /sessions, /sessions/current, /cards, /cards/{id},"
                + " /cards/{id}/activate, /block, /unblock, /close, /cards/{id}/autofill, /cards/{id}/one-time-codes[/{codeId}],"
                + " /purchases, /purchases/{id}, /confirmations, /confirmations/{id}, /funding-sources, /top-ups)");
    }

    private long customer(String authorization) throws SQLException {
        try (Connection c = issuer.dataSource().getConnection()) {
            return sessions.customer(c, authorization, System.currentTimeMillis());
        }
    }

    /** A wallet card is named by its numeric id only: a number never goes into a path. */
    private static long cardId(String raw) {
        if (raw.isEmpty() || raw.length() > 11 || !raw.chars().allMatch(ch -> ch >= '0' && ch <= '9') || Long.parseLong(raw) < 1) {
            throw new ApiError(400, "a card is named by its id (a number from GET /cards), got " + ApiError.shown(raw));
        }
        return Long.parseLong(raw);
    }

    private static Reply reply(WalletReply r) {
        return new Reply(r.status(), r.body());
    }

    private static Reply ok(Object body) {
        return new Reply(200, body);
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed) && !List.of(allowed.split(", ")).contains(method)) throw ApiError.methodNotAllowed(method, allowed);
    }
}
