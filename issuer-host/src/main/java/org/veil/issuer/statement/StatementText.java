package org.veil.issuer.statement;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/** A statement as the text a customer reads (e-mail body or mobile message). Cards show masked; no customer id, no secrets. */
public final class StatementText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private StatementText() {}

    public static String subject(Statement s) {
        return "Your Veil card statement for " + s.date();
    }

    public static String render(Statement s) {
        StringBuilder b = new StringBuilder();
        b.append("Veil prepaid card statement for ").append(s.date()).append(" (times in ").append(s.zone()).append(")\n");
        if (s.nickname() != null) b.append("Hello ").append(s.nickname()).append(",\n");
        for (Statement.CardDay card : s.cards()) {
            String code = alpha(card.currency());
            b.append('\n').append("Card \"").append(card.name()).append("\" ").append(card.maskedPan()).append(" (").append(code).append(")\n");
            b.append(String.format(Locale.ROOT, "  %-8s  %-9s  %-8s  %14s  %s%n", "TIME", "TYPE", "STATUS", "AMOUNT", "MERCHANT"));
            for (Statement.Entry e : card.entries()) {
                b.append(String.format(Locale.ROOT, "  %-8s  %-9s  %-8s  %14s  %s", TIME.format(Instant.ofEpochMilli(e.time()).atZone(s.zone())),
                        e.type(), e.status(), money(e.amount(), card.currency()) + " " + code, e.merchant() == null ? "" : e.merchant()).stripTrailing())
                        .append('\n');
            }
            b.append("  Closing balance: ").append(money(card.closingBalance(), card.currency())).append(' ').append(code).append('\n');
        }
        return b.toString();
    }

    /** Minor units as the currency writes them (ISO 4217 numeric code; two decimals when unknown). */
    public static String money(long minor, String numeric) {
        int digits = 2;
        for (Currency c : Currency.getAvailableCurrencies()) {
            if (String.format("%03d", c.getNumericCode()).equals(numeric)) digits = Math.max(0, c.getDefaultFractionDigits());
        }
        java.math.BigDecimal v = java.math.BigDecimal.valueOf(minor, digits);
        return v.toPlainString();
    }

    private static String alpha(String numeric) {
        for (Currency c : Currency.getAvailableCurrencies()) {
            if (String.format("%03d", c.getNumericCode()).equals(numeric)) return c.getCurrencyCode();
        }
        return numeric;
    }
}
