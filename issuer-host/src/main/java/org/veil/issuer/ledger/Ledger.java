package org.veil.issuer.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.veil.issuer.db.KeptStatement;

/**
 * The double-entry ledger, after TigerBeetle's two-phase transfers: a transfer moves an amount from a
 * debit account to a credit account; a PENDING transfer (a hold) is later posted (fully or partly, the
 * rest released), voided or expired, each at most once. All methods run in the caller's transaction.
 */
public final class Ledger {
    private static final String INSERT = "INSERT INTO transfers (kind, type, debit_account_id, credit_account_id, amount,"
            + " pending_id, state, expires_at, reference, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)";
    private static final String MOVE_DEBIT = "UPDATE accounts SET debits_pending = debits_pending + ?,"
            + " debits_posted = debits_posted + ? WHERE id = ?";
    private static final String MOVE_CREDIT = "UPDATE accounts SET credits_pending = credits_pending + ?,"
            + " credits_posted = credits_posted + ? WHERE id = ?";

    private static final String BALANCE = "SELECT debits_pending, debits_posted, credits_pending, credits_posted FROM accounts WHERE id = ?";
    private static final KeptStatement BALANCE_FOR_UPDATE = new KeptStatement(BALANCE + " FOR UPDATE");

    /** The balance of an account; with {@code lock} the row stays locked until the transaction ends. */
    public Balance balance(Connection c, long accountId, boolean lock) throws SQLException {
        if (lock) return BALANCE_FOR_UPDATE.run(c, ps -> balance(ps, accountId));
        try (PreparedStatement ps = c.prepareStatement(BALANCE)) {
            return balance(ps, accountId);
        }
    }

    private static Balance balance(PreparedStatement ps, long accountId) throws SQLException {
        ps.setLong(1, accountId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new SQLException("no account " + accountId);
            return new Balance(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }

    /** A transfer posted at once. */
    public long post(Connection c, String type, long debit, long credit, long amount, String reference, long now)
            throws SQLException {
        requirePositive(amount);
        long id = insert(c, "TRANSFER", type, debit, credit, amount, null, "POSTED", null, reference, now);
        move(c, debit, credit, 0, amount);
        return id;
    }

    /** A hold: the amount leaves the debit account's available balance until posted, voided or expired. */
    public long hold(Connection c, String type, long debit, long credit, long amount, long expiresAt, String reference,
                     long now) throws SQLException {
        requirePositive(amount);
        long id = insert(c, "PENDING", type, debit, credit, amount, null, "PENDING", expiresAt, reference, now);
        move(c, debit, credit, amount, 0);
        return id;
    }

    /** The hold with this id, its row locked until the transaction ends. */
    public Pending pending(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT debit_account_id, credit_account_id, amount, state, expires_at"
                + " FROM transfers WHERE id = ? AND kind = 'PENDING' FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("no pending transfer " + id);
                long exp = rs.getLong(5);
                return new Pending(id, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.wasNull() ? null : exp);
            }
        }
    }

    /** Posts {@code amount} (at most the held amount) of an open hold and releases the rest; 0 voids it. */
    public long postPending(Connection c, Pending p, long amount, String type, String reference, long now) throws SQLException {
        if (amount == 0) return voidPending(c, p, "VOID", type, reference, now);
        requireOpen(p);
        if (amount < 0 || amount > p.amount()) {
            throw new IllegalArgumentException("post amount " + amount + " outside 1.." + p.amount() + " of hold " + p.id());
        }
        resolve(c, p, "POSTED");
        long id = insert(c, "POST", type, p.debitAccount(), p.creditAccount(), amount, p.id(), "POSTED", null, reference, now);
        move(c, p.debitAccount(), p.creditAccount(), -p.amount(), amount);
        return id;
    }

    /** Releases an open hold entirely: kind VOID (cancelled) or EXPIRE (ran out of time). */
    public long voidPending(Connection c, Pending p, String kind, String type, String reference, long now) throws SQLException {
        if (!kind.equals("VOID") && !kind.equals("EXPIRE")) throw new IllegalArgumentException("kind " + kind);
        requireOpen(p);
        String state = kind.equals("VOID") ? "VOIDED" : "EXPIRED";
        resolve(c, p, state);
        long id = insert(c, kind, type, p.debitAccount(), p.creditAccount(), p.amount(), p.id(), state, null, reference, now);
        move(c, p.debitAccount(), p.creditAccount(), -p.amount(), 0);
        return id;
    }

    private static void resolve(Connection c, Pending p, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE transfers SET state = ? WHERE id = ? AND state = 'PENDING'")) {
            ps.setString(1, state);
            ps.setLong(2, p.id());
            // The guard on state makes a second resolution of the same hold impossible.
            if (ps.executeUpdate() != 1) throw new IllegalStateException("hold " + p.id() + " is no longer pending");
        }
    }

    private static void requireOpen(Pending p) {
        if (!p.open()) throw new IllegalStateException("hold " + p.id() + " is " + p.state());
    }

    private static void requirePositive(long amount) {
        if (amount <= 0) throw new IllegalArgumentException("transfer amount must be > 0, got " + amount);
    }

    private static long insert(Connection c, String kind, String type, long debit, long credit, long amount, Long pendingId,
                               String state, Long expiresAt, String reference, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT, new String[] {"id"})) {
            ps.setString(1, kind);
            ps.setString(2, type);
            ps.setLong(3, debit);
            ps.setLong(4, credit);
            ps.setLong(5, amount);
            if (pendingId == null) ps.setNull(6, Types.BIGINT); else ps.setLong(6, pendingId);
            ps.setString(7, state);
            if (expiresAt == null) ps.setNull(8, Types.BIGINT); else ps.setLong(8, expiresAt);
            ps.setString(9, reference);
            ps.setLong(10, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void move(Connection c, long debit, long credit, long pendingDelta, long postedDelta) throws SQLException {
        update(c, MOVE_DEBIT, debit, pendingDelta, postedDelta);
        update(c, MOVE_CREDIT, credit, pendingDelta, postedDelta);
    }

    private static void update(Connection c, String sql, long account, long pendingDelta, long postedDelta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, pendingDelta);
            ps.setLong(2, postedDelta);
            ps.setLong(3, account);
            if (ps.executeUpdate() != 1) throw new SQLException("no account " + account);
        }
    }
}
