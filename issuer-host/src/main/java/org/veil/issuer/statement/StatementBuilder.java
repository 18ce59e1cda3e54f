package org.veil.issuer.statement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.veil.issuer.card.ProductCatalog;

/**
 * Reads a customer's day from the ledger: every card of the customer's wallet, the movements on its account in the
 * day (in the statement's zone): posted transfers and captures, and holds still open (status PENDING); a hold since
 * captured shows as its capture, one released (voided, expired) moved no money and is left out,
 * the merchant (field 42) where the other side is a merchant, and the ledger balance at the day's end.
 */
final class StatementBuilder {
    private final ProductCatalog products;

    StatementBuilder(ProductCatalog products) {
        this.products = products;
    }

    /** The statement, or null when none of the customer's cards moved that day. */
    Statement build(Connection c, long customer, String nickname, LocalDate date, ZoneId zone) throws SQLException {
        long from = date.atStartOfDay(zone).toInstant().toEpochMilli();
        long to = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        List<Statement.CardDay> days = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT k.account_id, k.masked_pan, w.name, k.product FROM wallet_cards w"
                + " JOIN cards k ON k.id = w.card_id WHERE w.customer = ? ORDER BY k.id")) {
            ps.setLong(1, customer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long account = rs.getLong(1);
                    List<Statement.Entry> entries = entries(c, account, from, to);
                    if (entries.isEmpty()) continue;
                    var product = products.get(rs.getString(4));
                    days.add(new Statement.CardDay(rs.getString(2), rs.getString(3), product == null ? "" : product.currency(),
                            entries, closing(c, account, to)));
                }
            }
        }
        return days.isEmpty() ? null : new Statement(date, zone, nickname, days);
    }

    private static List<Statement.Entry> entries(Connection c, long account, long from, long to) throws SQLException {
        List<Statement.Entry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.created_at, t.type, t.state, t.amount, t.debit_account_id, a.kind, a.code"
                + " FROM transfers t JOIN accounts a ON a.id = CASE WHEN t.debit_account_id = ? THEN t.credit_account_id ELSE t.debit_account_id END"
                + " WHERE (t.debit_account_id = ? OR t.credit_account_id = ?) AND (t.kind IN ('TRANSFER', 'POST') OR (t.kind = 'PENDING' AND t.state = 'PENDING'))"
                + " AND t.created_at >= ? AND t.created_at < ? ORDER BY t.id")) {
            ps.setLong(1, account);
            ps.setLong(2, account);
            ps.setLong(3, account);
            ps.setLong(4, from);
            ps.setLong(5, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long amount = rs.getLong(5) == account ? -rs.getLong(4) : rs.getLong(4);
                    String merchant = "MERCHANT".equals(rs.getString(6)) ? rs.getString(7) : null;
                    out.add(new Statement.Entry(rs.getLong(1), rs.getString(2), rs.getString(3), amount, merchant));
                }
            }
        }
        return out;
    }

    /** The ledger balance at {@code to}: today's balance less what was posted since. */
    private static long closing(Connection c, long account, long to) throws SQLException {
        long now;
        try (PreparedStatement ps = c.prepareStatement("SELECT credits_posted - debits_posted FROM accounts WHERE id = ?")) {
            ps.setLong(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                now = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(CASE WHEN credit_account_id = ? THEN amount ELSE -amount END), 0)"
                + " FROM transfers WHERE (debit_account_id = ? OR credit_account_id = ?) AND kind IN ('TRANSFER', 'POST') AND created_at >= ?")) {
            ps.setLong(1, account);
            ps.setLong(2, account);
            ps.setLong(3, account);
            ps.setLong(4, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return now - rs.getLong(1);
            }
        }
    }
}
