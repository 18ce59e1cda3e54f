package org.veil.issuer.topup;

import java.sql.Connection;
import java.sql.SQLException;
import org.veil.issuer.Issuer;
import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardState;
import org.veil.issuer.card.Product;
import org.veil.issuer.ledger.Balance;

/**
 * The one place a top-up becomes money: in the caller's transaction, the card account locked, the card's state and the
 * anonymous limits judged, and a LOAD posted from the funding account (BANK-TRANSFERS or CARD-FUNDING, per currency).
 */
final class LoadPosting {
    static final String BANK_FUNDING = "BANK-TRANSFERS";
    static final String CARD_FUNDING = "CARD-FUNDING";

    /** Posted (its transfer id) or refused (why, naming the limit). */
    record Result(Long transferId, String refusal) {}

    private final Issuer issuer;

    LoadPosting(Issuer issuer) {
        this.issuer = issuer;
    }

    Result post(Connection c, long cardId, long amount, String fundingCode, String reference, long now) throws SQLException {
        Card card = issuer.cards().byId(c, cardId);
        String state = stateRefusal(card);
        if (state != null) return new Result(null, state);
        Product p = issuer.products().get(card.product());
        Balance balance = issuer.ledger().balance(c, card.accountId(), true);
        String refusal = LoadLimits.refusal(c, p, card.accountId(), balance, amount, now);
        if (refusal != null) return new Result(null, refusal);
        long funding = issuer.accounts().funding(fundingCode, p.currency());
        return new Result(issuer.ledger().post(c, LoadLimits.LOAD_TYPE, funding, card.accountId(), amount, reference, now), null);
    }

    /** The limits alone, on the balance as it is now (no lock): the early answer before anything is sent or recorded as pending. */
    String precheck(Connection c, long cardId, long amount, long now) throws SQLException {
        Card card = issuer.cards().byId(c, cardId);
        String state = stateRefusal(card);
        if (state != null) return state;
        Product p = issuer.products().get(card.product());
        return LoadLimits.refusal(c, p, card.accountId(), issuer.ledger().balance(c, card.accountId(), false), amount, now);
    }

    /** A closed, lost or stolen card takes no money; a blocked or not yet activated one may be topped up. */
    private static String stateRefusal(Card card) {
        CardState s = card.state();
        if (s == CardState.CLOSED || s == CardState.LOST || s == CardState.STOLEN) return "card " + card.id() + " is " + s + ": it takes no top-up";
        return null;
    }
}
