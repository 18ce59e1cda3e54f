package org.veil.issuer.card;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads cards and changes their state. A card is found by its number through the number's keyed lookup hash. */
public final class CardRepository {
    private static final String COLUMNS = "SELECT id, masked_pan, product, expiry, state, account_id, created_at FROM cards WHERE ";
    private final PanVault pans;

    public CardRepository(PanVault pans) {
        this.pans = pans;
    }

    public Card byPan(Connection c, String pan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "pan_hash = ?")) {
            ps.setBytes(1, pans.lookupHash(pan));
            return read(ps);
        }
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

    private static Card read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            return new Card(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), CardState.valueOf(rs.getString(5)),
                    rs.getLong(6), rs.getLong(7));
        }
    }
}
