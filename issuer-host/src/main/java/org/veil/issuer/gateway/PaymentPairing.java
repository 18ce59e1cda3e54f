package org.veil.issuer.gateway;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.issuer.db.RetriedTransaction;
import org.veil.http.ApiError;
import org.veil.issuer.Issuer;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.host.PresentedSecrets;

/**
 * Pairs the two sides of a partner-shop order and decides it once. Either side may come first; the one that completes
 * the pair triggers the decision: a mismatch or an expired order is declined at once (no money moves); a match is
 * authorized through {@link GatewayAuthorizer}. A shop's direct checkout (card number and password, or a one-time code)
 * is a one-sided order authorized at once. A decided order answers every later request with its decision, and a
 * decision for a push shop queues its signed receipt in the outbox in the decision's own transaction.
 *
 * <p>A one-time code order whose payment waits for the cardholder's confirmation is CONFIRMING: the request answers
 * PENDING at once and the order is decided when the decision core completes (holder answered, or the gateway's deadline
 * passed). Its code is kept sealed until then, so after a restart the order is sent again under its first idempotency
 * key: the decision core finds the same confirmation (still open, answered, or expired) and a payment already made
 * repeats its first answer, so the order is decided once and paid at most once.
 */
final class PaymentPairing {
    private static final Logger LOG = LoggerFactory.getLogger(PaymentPairing.class);
    private final Issuer issuer;
    private final OrderBook book = new OrderBook();
    private final GatewayAuthorizer authorizer;
    private final CallbackOutbox outbox;
    private final MerchantSecrets secrets;
    /** Orders of this process whose decision waits for their cardholder (a restart forgets them; the sweep resumes them). */
    private final Set<Long> awaiting = ConcurrentHashMap.newKeySet();

    /** The wallet's side: the holder's card (row id), and the purchase. */
    record WalletSide(long customer, long cardId, long amount, String items) {}

    /** The shop's side: amount, optional currency, and for a direct checkout what proves the card ({@code null}: matched). */
    record ShopSide(long amount, String currency, String kind, GatewayAuthorizer.Presented presented) {}

    /** An order and the shop it belongs to, after a request. */
    record Result(Order order, GatewayMerchant merchant) {}

    PaymentPairing(Issuer issuer, GatewayAuthorizer authorizer, CallbackOutbox outbox, MerchantSecrets secrets) {
        this.issuer = issuer;
        this.authorizer = authorizer;
        this.outbox = outbox;
        this.secrets = secrets;
    }

    Result wallet(GatewayMerchant g, String orderId, WalletSide w) throws SQLException {
        long now = System.currentTimeMillis();
        Order o = inTransaction(c -> {
            Order cur = book.lock(c, g.merchantId(), orderId);
            if (cur == null) {
                long id = book.insert(c, g.merchantId(), orderId, Order.MATCHED, now + g.orderSeconds() * 1000, now);
                book.setWallet(c, id, w.customer(), w.cardId(), w.amount(), w.items(), now);
                return book.byId(c, id, false);
            }
            if (cur.hasWallet()) {
                // The same purchase again gets the order as it stands; anybody else's is told only that the order id is taken.
                if (cur.customer() != w.customer() || cur.cardId() != w.cardId() || cur.walletAmount() != w.amount()) {
                    throw new ApiError(409, "order " + orderId + " at " + g.merchantId() + " already has a purchase");
                }
                return expireIfDue(c, cur, g, now);
            }
            if (cur.decided() || !Order.MATCHED.equals(cur.kind())) {
                throw new ApiError(409, "order " + orderId + " at " + g.merchantId() + " is already " + (cur.decided() ? "decided" : "being paid"));
            }
            book.setWallet(c, cur.id(), w.customer(), w.cardId(), w.amount(), w.items(), now);
            return judge(c, book.byId(c, cur.id(), true), g, now);
        });
        return new Result(finish(o, g, null), g);
    }

    Result shop(GatewayMerchant g, String orderId, ShopSide s) throws SQLException {
        long now = System.currentTimeMillis();
        Order o = inTransaction(c -> {
            Order cur = book.lock(c, g.merchantId(), orderId);
            if (cur == null) {
                long id = book.insert(c, g.merchantId(), orderId, s.kind(), now + g.orderSeconds() * 1000, now);
                book.setShop(c, id, s.amount(), s.currency(), now);
                if (!Order.MATCHED.equals(s.kind())) book.authorizing(c, id, GatewayAuthorizer.stan(id), GatewayAuthorizer.transmission(now));
                String code = Order.CODE.equals(s.kind()) ? s.presented().secrets().oneTimeCode() : null;
                // only a well-formed code can wait for its holder; anything else is declined at once (14)
                if (code != null && OneTimeCodes.wellFormed(code)) book.holdCode(c, id, secrets.sealCode(id, code));
                return book.byId(c, id, false);
            }
            if (cur.decided()) return cur; // the same decision, whatever is asked again
            if (cur.hasShop()) {
                if (cur.shopAmount() != s.amount() || !cur.kind().equals(s.kind())) {
                    throw new ApiError(409, "order " + orderId + " was already requested with another amount or payment");
                }
                return expireIfDue(c, cur, g, now);
            }
            if (!Order.MATCHED.equals(s.kind())) {
                throw new ApiError(409, "a wallet purchase is waiting for order " + orderId + ": send {orderId, amount} only");
            }
            book.setShop(c, cur.id(), s.amount(), s.currency(), now);
            return judge(c, book.byId(c, cur.id(), true), g, now);
        });
        return new Result(finish(o, g, s.presented()), g);
    }

    /** The order as it stands (an expired one declined now, one left mid-authorization finished or its wait resumed). */
    Result current(GatewayMerchant g, Order o) throws SQLException {
        long now = System.currentTimeMillis();
        Order cur = Order.PENDING.equals(o.status()) && now >= o.expiresAt() ? inTransaction(c -> expireIfDue(c, book.byId(c, o.id(), true), g, now)) : o;
        return new Result(finish(cur, g, null), g);
    }

    OrderBook book() {
        return book;
    }

    /** A pending order with both sides, or past its expiry: decided or sent to authorize, in the caller's transaction. */
    private Order judge(Connection c, Order o, GatewayMerchant g, long now) throws SQLException {
        switch (OrderMatcher.judge(o.walletAmount(), o.shopAmount(), o.expiresAt(), now)) {
            case WAIT -> { return o; }
            case EXPIRED -> { return decline(c, o, g, "EXPIRED", now); }
            case AMOUNT_MISMATCH -> { return decline(c, o, g, "AMOUNT_MISMATCH", now); }
            case MATCH -> {
                book.authorizing(c, o.id(), GatewayAuthorizer.stan(o.id()), GatewayAuthorizer.transmission(now));
                return book.byId(c, o.id(), false);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private Order expireIfDue(Connection c, Order o, GatewayMerchant g, long now) throws SQLException {
        if (!Order.PENDING.equals(o.status()) || now < o.expiresAt()) return o;
        return decline(c, o, g, "EXPIRED", now);
    }

    /** Declined by the gateway itself (no authorization, no money): both sides get it. */
    private Order decline(Connection c, Order o, GatewayMerchant g, String reason, long now) throws SQLException {
        Long amount = o.shopAmount() != null ? o.shopAmount() : o.walletAmount();
        book.decide(c, o.id(), false, reason, null, null, amount, currency(c, o), now);
        Order d = book.byId(c, o.id(), false);
        outbox.queue(c, d, g, now);
        return d;
    }

    /**
     * An order left AUTHORIZING or CONFIRMING goes through the authorization path (again: the same key repeats the first
     * answer, or joins the same confirmation) and is decided, now or once its cardholder has answered. {@code presented}
     * is what the shop's direct checkout presents; a matched order presents its wallet card, a code order its held code.
     */
    private Order finish(Order o, GatewayMerchant g, GatewayAuthorizer.Presented presented) throws SQLException {
        if (!o.inFlight() || awaiting.contains(o.id())) return o;
        GatewayAuthorizer.Presented p = presented;
        try (Connection c = issuer.dataSource().getConnection()) {
            if (Order.MATCHED.equals(o.kind())) {
                p = new GatewayAuthorizer.Presented(issuer.cards().pan(c, o.cardId()), null, new PresentedSecrets(null, null, null, null));
            } else if (Order.CODE.equals(o.kind())) {
                byte[] held = book.heldCode(c, o.id());
                if (held != null) p = GatewayAuthorizer.Presented.code(secrets.openCode(o.id(), held)); // the code it was first sent with
            }
        }
        if (p == null) return o; // a card checkout interrupted mid-way: the shop's repeat presents its card again
        long amount = Order.MATCHED.equals(o.kind()) ? o.walletAmount() : o.shopAmount();
        CompletableFuture<GatewayAuthorizer.Decision> decision = authorizer.authorize(o, amount, o.shopCurrency(), p);
        if (decision.isDone()) return decide(o.id(), g, amount, decision.join());
        // The cardholder is asked: no thread waits; the order is decided when the decision completes.
        if (awaiting.add(o.id())) await(o, g, amount, decision);
        try (Connection c = issuer.dataSource().getConnection()) {
            return book.byId(c, o.id(), false);
        }
    }

    /** Marks the order CONFIRMING and decides it when {@code decision} completes (on the gateway's executor). */
    private void await(Order o, GatewayMerchant g, long amount, CompletableFuture<GatewayAuthorizer.Decision> decision) throws SQLException {
        long deadline = System.currentTimeMillis() + authorizer.confirmWithinMillis();
        try {
            inTransaction(c -> {
                book.confirming(c, o.id(), deadline);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            awaiting.remove(o.id()); // the decision still completes; the sweep or the shop asking finishes the order
            throw e;
        }
        LOG.info("gateway order row {} at {} waits for its cardholder's confirmation", o.id(), g.merchantId());
        decision.whenComplete((d, e) -> {
            try {
                if (e != null) throw e;
                decide(o.id(), g, amount, d);
            } catch (Throwable t) {
                // left CONFIRMING: the sweep (or the shop asking) sends it again under the same key
                LOG.warn("gateway order row {} at {}: cannot decide after its confirmation: {}", o.id(), g.merchantId(), t.toString());
            } finally {
                awaiting.remove(o.id());
            }
        });
    }

    /** Writes the authorization path's decision on an order still in flight (a decision already written stands), in one transaction. */
    private Order decide(long orderRow, GatewayMerchant g, long amount, GatewayAuthorizer.Decision d) throws SQLException {
        long now = System.currentTimeMillis();
        return inTransaction(c -> {
            Order cur = book.byId(c, orderRow, true);
            if (!cur.inFlight()) return cur;
            String currency = d.currency() != null ? d.currency() : currency(c, cur);
            book.decide(c, cur.id(), d.approved(), d.approved() ? "APPROVED" : "ISSUER_DECLINED", d.rc().code(), d.approvalCode(),
                    d.approved() ? d.approvedAmount() : amount, currency, now);
            Order decided = book.byId(c, cur.id(), false);
            outbox.queue(c, decided, g, now);
            LOG.info("gateway order row {} at {} {} ({})", decided.id(), g.merchantId(), decided.status(), d.rc().code());
            return decided;
        });
    }

    /** The card's currency when the order names a wallet card, else null. */
    private String currency(Connection c, Order o) throws SQLException {
        if (o.cardId() == null) return o.shopCurrency();
        var card = issuer.cards().byId(c, o.cardId());
        return card == null ? null : issuer.products().get(card.product()).currency();
    }

    /** What the shop may see of an order: its signed receipt once decided, else that it waits. Never who pays. */
    static Map<String, Object> shopView(Order o, GatewayMerchant g) {
        if (o.decided()) return receipt(o, g);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("merchantId", o.merchantId());
        m.put("orderId", o.orderId());
        m.put("amount", o.shopAmount());
        m.put("status", o.inFlight() ? Order.PENDING : o.status());
        m.put("reason", Order.CONFIRMING.equals(o.status()) ? Order.AWAITING_CARDHOLDER : null);
        m.put("expiresAt", o.expiresAt());
        return m;
    }

    static Map<String, Object> receipt(Order o, GatewayMerchant g) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("merchantId", o.merchantId());
        v.put("orderId", o.orderId());
        v.put("amount", o.amount());
        v.put("currency", o.currency());
        v.put("status", o.status());
        v.put("reason", o.reason());
        v.put("responseCode", o.responseCode());
        v.put("approvalCode", o.approvalCode());
        v.put("decidedAt", o.decidedAt());
        return Receipt.signed(g.secret(), v);
    }

    /** What the wallet sees of its purchase; a buyer-mode shop's receipt rides along for the holder to hand over. */
    static Map<String, Object> walletView(Order o, GatewayMerchant g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("merchantId", o.merchantId());
        m.put("merchantName", g.name());
        m.put("orderId", o.orderId());
        m.put("card", o.cardId());
        m.put("amount", o.walletAmount());
        m.put("status", o.inFlight() ? Order.PENDING : o.status());
        m.put("reason", Order.CONFIRMING.equals(o.status()) ? Order.AWAITING_CARDHOLDER : o.reason());
        m.put("responseCode", o.responseCode());
        m.put("approvalCode", o.approvalCode());
        m.put("expiresAt", o.expiresAt());
        m.put("decidedAt", o.decidedAt());
        if (o.decided() && g.mode() == ResultMode.BUYER) m.put("receipt", receipt(o, g));
        return m;
    }

    /** One transaction, tried again when two first requests for one order raced to insert it. */
    private <T> T inTransaction(RetriedTransaction.Work<T> step) throws SQLException {
        return RetriedTransaction.run(issuer.dataSource(), step);
    }

    /**
     * Used by the sweep: declines pending orders past their expiry, finishes matched and code orders left mid-authorization,
     * and resumes the wait of code orders left CONFIRMING by an earlier run (or by a failed decision).
     */
    int sweep(GatewayMerchants merchants, long now) throws SQLException {
        int n = 0;
        java.util.List<Long> expired;
        java.util.List<Long> stuck;
        try (Connection c = issuer.dataSource().getConnection()) {
            expired = book.due(c, Order.PENDING, now, 100);
            stuck = book.due(c, Order.AUTHORIZING, now - 30_000, 20);
            // ids only, and enough of them that orders this run already waits for never hide one left by a restart
            for (long id : book.due(c, Order.CONFIRMING, now, 1_000)) if (!awaiting.contains(id) && stuck.size() < 40) stuck.add(id);
        }
        for (long id : expired) {
            inTransaction(c -> {
                Order o = book.byId(c, id, true);
                return expireIfDue(c, o, merchants.byMerchantId(c, o.merchantId()), now);
            });
            n++;
        }
        for (long id : stuck) {
            Order o;
            GatewayMerchant g;
            try (Connection c = issuer.dataSource().getConnection()) {
                o = book.byId(c, id, false);
                g = merchants.byMerchantId(c, o.merchantId());
            }
            if (!Order.CARD.equals(o.kind())) finish(o, g, null);
        }
        return n;
    }
}
