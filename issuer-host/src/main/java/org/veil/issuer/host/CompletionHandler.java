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
 * 2220: captures an earlier authorization. Amount up to the hold posts that amount to the merchant and
 * releases the rest; more than held is 13. A hold that already expired is captured as a direct debit
 * when the funds are still there (late presentment), else 51.
 */
final class CompletionHandler {
    private final OriginalFinder originals;
    private final RequestJournal journal;
    private final CardRepository cards;
    private final ProductCatalog products;
    private final Ledger ledger;

    CompletionHandler(OriginalFinder originals, RequestJournal journal, CardRepository cards, ProductCatalog products,
                      Ledger ledger) {
        this.originals = originals;
        this.journal = journal;
        this.cards = cards;
        this.products = products;
        this.ledger = ledger;
    }

    Outcome complete(Connection c, HostRequest r, long now) throws SQLException {
        LoggedRequest root = originals.root(c, r, '1');
        if (root == null || root.cardId() == null) return Outcome.decline(ResponseCode.ORIGINAL_NOT_FOUND);
        Card card = cards.byId(c, root.cardId());
        Outcome o = new Outcome();
        o.cardId = card.id();
        o.currency = products.get(card.product()).currency();
        o.originalId = root.id();
        Balance balance = ledger.balance(c, card.accountId(), true);
        root = journal.byId(c, root.id()); // re-read under the card lock: another request may have changed it
        long amount = r.amount();
        if (amount <= 0) return o.decline(ResponseCode.INVALID_AMOUNT, balance);
        if (r.currency() != null && !r.currency().equals(o.currency)) return o.decline(ResponseCode.INVALID_TRANSACTION, balance);
        if ("DEBIT".equals(root.effect())) return o.decline(ResponseCode.INVALID_TRANSACTION, balance);
        if (!"HOLD".equals(root.effect())) return o.decline(ResponseCode.ORIGINAL_NOT_FOUND, balance);
        Pending hold = ledger.pending(c, root.holdId());
        if (hold.state().equals("VOIDED")) return o.decline(ResponseCode.ORIGINAL_NOT_FOUND, balance);
        if (amount > root.remaining()) return o.decline(ResponseCode.INVALID_AMOUNT, balance);
        Long transfer;
        if (hold.open()) {
            transfer = ledger.postPending(c, hold, amount, "CAPTURE", r.rrn(), now);
        } else {
            if (amount > balance.available()) return o.decline(ResponseCode.INSUFFICIENT_FUNDS, balance);
            transfer = ledger.post(c, "CAPTURE", card.accountId(), root.merchantAccountId(), amount, r.rrn(), now);
        }
        journal.updateOriginal(c, root.id(), "DEBIT", amount, root.holdId(), transfer);
        return o.approve(ResponseCode.APPROVED, amount, ledger.balance(c, card.accountId(), false));
    }
}
