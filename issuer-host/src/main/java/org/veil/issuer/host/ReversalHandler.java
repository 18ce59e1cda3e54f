package org.veil.issuer.host;

import java.sql.Connection;
import java.sql.SQLException;
import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardRepository;
import org.veil.issuer.card.ProductCatalog;
import org.veil.issuer.ledger.Balance;
import org.veil.issuer.ledger.Ledger;
import org.veil.issuer.ledger.Pending;
import org.veil.packagers.ResponseCode;

/**
 * 2400/2420: brings an original down to the amount that remains (field 4). A hold is voided, and
 * re-placed for the remaining amount when some remains; posted money moves back by a compensating
 * transfer. Field 4 absent, zero, or equal to the original's approved amount is a full reversal (acquirers
 * commonly send the original amount in a full reversal; a reversal that leaves everything is meaningless).
 * Asking to keep as much as, or more than, is in force moves nothing and is acknowledged.
 */
final class ReversalHandler {
    private final OriginalFinder originals;
    private final RequestJournal journal;
    private final CardRepository cards;
    private final ProductCatalog products;
    private final Ledger ledger;

    ReversalHandler(OriginalFinder originals, RequestJournal journal, CardRepository cards, ProductCatalog products,
                    Ledger ledger) {
        this.originals = originals;
        this.journal = journal;
        this.cards = cards;
        this.products = products;
        this.ledger = ledger;
    }

    Outcome reverse(Connection c, HostRequest r, long now) throws SQLException {
        LoggedRequest root = originals.root(c, r, null);
        if (root == null) {
            if (r.original() != null) journal.insertReversedBeforeArrival(c, r, now);
            return Outcome.decline(ResponseCode.ORIGINAL_NOT_FOUND);
        }
        Outcome o = new Outcome();
        o.originalId = root.id();
        if (root.cardId() == null) return o.approve(ResponseCode.APPROVED, r.amount(), null);
        Card card = cards.byId(c, root.cardId());
        o.cardId = card.id();
        o.currency = products.get(card.product()).currency();
        Balance balance = ledger.balance(c, card.accountId(), true);
        root = journal.byId(c, root.id()); // re-read under the card lock
        long target = r.amount() == null ? 0 : r.amount();
        if (target < 0) return o.decline(ResponseCode.INVALID_AMOUNT, balance);
        if (root.approvedAmount() != null && target == root.approvedAmount()) target = 0;
        if (target >= root.remaining()) return o.approve(ResponseCode.APPROVED, r.amount(), balance);
        long delta = root.remaining() - target;
        Long holdId = root.holdId();
        switch (root.effect()) {
            case "HOLD" -> {
                Pending hold = ledger.pending(c, root.holdId());
                if (hold.open()) {
                    ledger.voidPending(c, hold, "VOID", "REVERSAL", r.rrn(), now);
                    if (target > 0) {
                        holdId = ledger.hold(c, "AUTH", hold.debitAccount(), hold.creditAccount(), target, hold.expiresAt(),
                                r.rrn(), now);
                    }
                }
            }
            case "DEBIT" -> ledger.post(c, "REVERSAL", root.merchantAccountId(), card.accountId(), delta, r.rrn(), now);
            case "CREDIT" -> {
                // Taking back a refund or load must not push the card below zero.
                if (delta > balance.available()) return o.decline(ResponseCode.INSUFFICIENT_FUNDS, balance);
                ledger.post(c, "REVERSAL", card.accountId(), root.merchantAccountId(), delta, r.rrn(), now);
            }
            default -> {
                return o.approve(ResponseCode.APPROVED, r.amount(), balance);
            }
        }
        journal.updateOriginal(c, root.id(), root.effect(), target, holdId, null);
        return o.approve(ResponseCode.APPROVED, r.amount(), ledger.balance(c, card.accountId(), false));
    }
}
