package org.veil.issuer.topup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.veil.issuer.card.Product;
import org.veil.issuer.ledger.Balance;

/**
 * The anonymous-card limits every load obeys (cash at an agent terminal, bank transfer, credit card, admin load): the
 * product's maximum balance and its maximum load per calendar month (UTC). Judged with the card account row locked
 * (the caller's {@code balance} was read FOR UPDATE), so two loads at once cannot both pass on the same headroom.
 */
public final class LoadLimits {
    /** Every load posts a transfer of this type to the card account: what the monthly sum counts. */
    public static final String LOAD_TYPE = "LOAD";

    private LoadLimits() {}

    /** Why loading {@code amount} now is refused, naming the limit; null when it may be loaded. */
    public static String refusal(Connection c, Product p, long cardAccount, Balance balance, long amount, long now) throws SQLException {
        // Compared as headroom, not as a sum: a huge amount must not overflow past the check.
        if (amount > p.maxBalance() - balance.ledger()) {
            return "a load of " + amount + " would take the balance over the product's maximum balance (maxBalance "
                    + p.maxBalance() + ", balance " + balance.ledger() + ")";
        }
        if (p.maxMonthlyLoad() > 0) {
            long loaded = loadedThisMonth(c, cardAccount, now);
            if (amount > p.maxMonthlyLoad() - loaded) {
                return "a load of " + amount + " would take this month's loads over the product's maximum monthly load"
                        + " (maxMonthlyLoad " + p.maxMonthlyLoad() + ", loaded this month " + loaded + ")";
            }
        }
        return null;
    }

    /** What LOAD transfers put on the account since the start of this calendar month (UTC); reversals do not count back. */
    public static long loadedThisMonth(Connection c, long cardAccount, long now) throws SQLException {
        long monthStart = YearMonth.from(Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC)).atDay(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(amount), 0) FROM transfers"
                + " WHERE credit_account_id = ? AND type = ? AND created_at >= ?")) {
            ps.setLong(1, cardAccount);
            ps.setString(2, LOAD_TYPE);
            ps.setLong(3, monthStart);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
