package org.veil.issuer.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Checks the ledger's invariants from the transfers alone: postings sum to zero, every stored running
 * balance equals the sum of its postings, each hold is resolved at most once and never over-posted,
 * and no card's available balance is below zero.
 */
public final class LedgerAudit {
    public record Report(boolean ok, long postingsSum, int accounts, List<String> violations) {}

    private final DataSource dataSource;

    public LedgerAudit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Report run() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // One consistent read of the whole ledger.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return audit(c);
            } finally {
                c.rollback();
            }
        }
    }

    private static Report audit(Connection c) throws SQLException {
        List<String> violations = new ArrayList<>();
        Map<Long, long[]> computed = new HashMap<>(); // debits_pending, debits_posted, credits_pending, credits_posted
        long postingsSum = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, state, debit_account_id, credit_account_id, amount FROM transfers");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String kind = rs.getString(1);
                long debit = rs.getLong(3), credit = rs.getLong(4), amount = rs.getLong(5);
                if (kind.equals("TRANSFER") || kind.equals("POST")) {
                    computed.computeIfAbsent(debit, k -> new long[4])[1] += amount;
                    computed.computeIfAbsent(credit, k -> new long[4])[3] += amount;
                } else if (kind.equals("PENDING") && rs.getString(2).equals("PENDING")) {
                    computed.computeIfAbsent(debit, k -> new long[4])[0] += amount;
                    computed.computeIfAbsent(credit, k -> new long[4])[2] += amount;
                }
            }
        }
        // Each posted transfer is two postings, +amount to the credit account and -amount to the debit account.
        for (long[] v : computed.values()) postingsSum += v[3] - v[1];
        if (postingsSum != 0) violations.add("postings sum to " + postingsSum + ", not 0");
        int accounts = 0;
        long storedSum = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, code, currency, debits_pending, debits_posted,"
                + " credits_pending, credits_posted FROM accounts ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            String[] names = {"debits_pending", "debits_posted", "credits_pending", "credits_posted"};
            while (rs.next()) {
                accounts++;
                long id = rs.getLong(1);
                long[] want = computed.getOrDefault(id, new long[4]);
                for (int i = 0; i < 4; i++) {
                    long stored = rs.getLong(5 + i);
                    if (stored != want[i]) {
                        violations.add("account " + id + " (" + rs.getString(2) + " " + rs.getString(4) + "): stored "
                                + names[i] + " " + stored + " but its postings sum to " + want[i]);
                    }
                }
                long ledger = rs.getLong(8) - rs.getLong(6);
                storedSum += ledger;
                if (rs.getString(2).equals(AccountDirectory.CARD) && ledger - rs.getLong(5) < 0) {
                    violations.add("card account " + id + ": available balance " + (ledger - rs.getLong(5)) + " is below zero");
                }
            }
        }
        if (storedSum != 0) violations.add("stored balances of all accounts sum to " + storedSum + ", not 0");
        check(c, violations, "SELECT p.id FROM transfers p WHERE p.kind = 'PENDING' AND p.state <> 'PENDING'"
                + " AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.pending_id = p.id)", "hold %d is resolved without a resolving transfer");
        check(c, violations, "SELECT r.id FROM transfers r JOIN transfers p ON p.id = r.pending_id"
                + " WHERE p.state = 'PENDING' OR (r.kind = 'POST' AND r.amount > p.amount)"
                + " OR (r.kind = 'VOID' AND p.state <> 'VOIDED') OR (r.kind = 'EXPIRE' AND p.state <> 'EXPIRED')"
                + " OR (r.kind = 'POST' AND p.state <> 'POSTED')", "resolving transfer %d does not match its hold");
        check(c, violations, "SELECT id FROM transfers WHERE (kind IN ('POST', 'VOID', 'EXPIRE')) <> (pending_id IS NOT NULL)",
                "transfer %d has a pending link that does not fit its kind");
        // The schema leaves these enumerations unchecked (see V1), so the audit checks them.
        check(c, violations, "SELECT id FROM transfers WHERE kind NOT IN ('TRANSFER', 'PENDING', 'POST', 'VOID', 'EXPIRE')"
                + " OR state NOT IN ('POSTED', 'PENDING', 'VOIDED', 'EXPIRED')", "transfer %d has an unknown kind or state");
        check(c, violations, "SELECT id FROM accounts WHERE kind NOT IN ('CARD', 'MERCHANT', 'FUNDING', 'SUSPENSE')",
                "account %d has an unknown kind");
        return new Report(violations.isEmpty(), postingsSum, accounts, violations);
    }

    private static void check(Connection c, List<String> violations, String sql, String message) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) violations.add(String.format(message, rs.getLong(1)));
        }
    }
}
