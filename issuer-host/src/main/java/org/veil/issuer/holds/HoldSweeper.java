package org.veil.issuer.holds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.veil.issuer.ledger.Ledger;
import org.veil.issuer.ledger.Pending;

/** Releases holds past their expiry: each becomes EXPIRED once, in its own short transaction. */
public final class HoldSweeper {
    private static final int BATCH = 200;
    private final DataSource dataSource;
    private final Ledger ledger;

    public HoldSweeper(DataSource dataSource, Ledger ledger) {
        this.dataSource = dataSource;
        this.ledger = ledger;
    }

    /** Expires every hold due at {@code now}; returns how many it expired. */
    public synchronized int expireDue(long now) throws SQLException {
        int expired = 0;
        while (true) {
            List<long[]> due = due(now);
            if (due.isEmpty()) return expired;
            for (long[] d : due) {
                if (expire(d[0], d[1], now)) expired++;
            }
            if (due.size() < BATCH) return expired;
        }
    }

    private List<long[]> due(long now) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, debit_account_id FROM transfers"
                     + " WHERE state = 'PENDING' AND expires_at <= ? ORDER BY id")) {
            ps.setMaxRows(BATCH);
            ps.setLong(1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        return out;
    }

    private boolean expire(long holdId, long cardAccount, long now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // Same lock order as the host link (card account first), so the two never deadlock.
                ledger.balance(c, cardAccount, true);
                Pending p = ledger.pending(c, holdId);
                if (!p.open()) {
                    c.rollback();
                    return false;
                }
                ledger.voidPending(c, p, "EXPIRE", "EXPIRY", null, now);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
