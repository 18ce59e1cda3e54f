package org.veil.issuer.statement;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** One customer's statement of one day: per card, its entries of the day and its closing balance. Amounts in minor units. */
public record Statement(LocalDate date, ZoneId zone, String nickname, List<CardDay> cards) {
    /** A card's day: shown by its mask and the name its holder gave it, never its number. */
    public record CardDay(String maskedPan, String name, String currency, List<Entry> entries, long closingBalance) {}

    /** A movement on the card: signed (a debit is negative); merchant null when the other side is not a merchant. */
    public record Entry(long time, String type, String status, long amount, String merchant) {}

    public int entryCount() {
        return cards.stream().mapToInt(c -> c.entries().size()).sum();
    }
}
