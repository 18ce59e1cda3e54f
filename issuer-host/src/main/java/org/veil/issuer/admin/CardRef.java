package org.veil.issuer.admin;

import java.sql.Connection;
import java.sql.SQLException;
import org.veil.http.ApiError;
import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardRepository;
import org.veil.packagers.CardNumbers;

/** How the admin API names a card in a path: its numeric id, or its PAN (12 to 19 digits passing Luhn). */
record CardRef(long id, String pan) {
    private static final int MIN_PAN = 12;
    private static final int MAX_PAN = 19;

    /** 400 for anything that cannot name a card, before any lookup. */
    static CardRef parse(String raw) {
        if (!digits(raw)) {
            throw new ApiError(400, "a card is named by its id or its PAN (digits), got " + ApiError.shown(raw));
        }
        if (raw.length() < MIN_PAN) {
            long id = Long.parseLong(raw);
            if (id < 1) throw new ApiError(400, "card ids start at 1, got " + raw);
            return new CardRef(id, null);
        }
        if (raw.length() > MAX_PAN) throw new ApiError(400, "a PAN has 12 to 19 digits, got " + raw.length());
        if (!CardNumbers.luhnValid(raw)) throw new ApiError(400, "PAN " + CardNumbers.mask(raw) + " fails the Luhn check (mistyped?)");
        return new CardRef(0, raw);
    }

    /** A path segment as a log may show it: one long enough to be a PAN is masked. */
    static String loggable(String segment) {
        return digits(segment) && segment.length() >= MIN_PAN ? CardNumbers.mask(segment) : segment;
    }

    private static boolean digits(String s) {
        return s != null && !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The card, or a 404. */
    Card find(Connection c, CardRepository cards) throws SQLException {
        Card card = pan != null ? cards.byPan(c, pan) : cards.byId(c, id);
        if (card == null) throw new ApiError(404, "no card " + this);
        return card;
    }

    /** Masked: an error message never carries a full PAN. */
    @Override
    public String toString() {
        return pan != null ? CardNumbers.mask(pan) : Long.toString(id);
    }
}
