package org.veil.issuer.card;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads cards and changes their state. */
public final class CardRepository {
    private static final String COLUMNS = "SELECT id, pan, product, expiry, cvv2, state, account_id, created_at FROM cards WHERE ";

    public Card byPan(Connection c, String pan) throws SQLException {
        return one(c, COLUMNS + "pan = ?", pan);
    }

    public Card byId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "id = ?")) {
            ps.setLong(1, id);
            return read(ps);
        }
    }

    public void setState(Connection c, long id, CardState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cards SET state = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    private static Card one(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            return read(ps);
        }
    }

    private static Card read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            return new Card(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    CardState.valueOf(rs.getString(6)), rs.getLong(7), rs.getLong(8));
        }
    }
}
