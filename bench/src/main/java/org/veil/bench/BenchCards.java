package org.veil.bench;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.veil.packagers.CardNumbers;
import org.veil.terminal.CardData;

/** Card numbers for a host that checks none (real cards for the full path: {@link org.veil.e2e.FundedCards}). */
final class BenchCards {
    /** PREPAID-USD's BIN: the switch routes it (prefix 9999) to the issuer link. */
    private static final String BIN = "999900";

    private BenchCards() {}

    /**
     * Luhn-valid PANs under the prepaid BIN that no issuer has issued: enough for the zero-work host,
     * which approves without looking, and for the switch in front of it, which routes by BIN only.
     */
    static List<CardData> unissued(int count) {
        String expiry = YearMonth.now(ZoneOffset.UTC).plusYears(3).format(DateTimeFormatter.ofPattern("yyMM"));
        List<CardData> deck = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String partial = BIN + String.format("%09d", i);
            deck.add(CardData.keyed(partial + CardNumbers.luhnDigit(partial), expiry));
        }
        return deck;
    }
}
