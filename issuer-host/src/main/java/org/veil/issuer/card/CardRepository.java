package org.veil.issuer.card;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads cards and changes their state. A card is found by its number through the number's keyed lookup hash. */
public final class CardRepository {
    /** Wrong PINs in a row that lock the PIN (75) until a new one is set. */
    public static final int MAX_PIN_TRIES = 3;

    /** A card's PIN as kept: the sealed PVV (null without a PIN) and the wrong PINs in a row. */
    public record PinState(byte[] sealedPvv, int tries) {
        public boolean set() {
            return sealedPvv != null;
        }

        public boolean locked() {
            return tries >= MAX_PIN_TRIES;
        }

        @Override
        public String toString() {
            return "PinState[set=" + set() + ", tries=" + tries + "]";
        }
    }

    private static final String COLUMNS = "SELECT id, masked_pan, product, expiry, state, account_id, created_at, use_kind, locked_merchant FROM cards WHERE ";
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

    /** The card read again under its row's lock, held until the transaction ends: spend rules that change the card count under it. */
    public Card lock(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            Card card = read(ps);
            if (card == null) throw new SQLException("card " + id + " is not in the database");
            return card;
        }
    }

    /**
     * What an approved spend does to a card of restricted use, in the spend's transaction: a single-use card closes, a
     * merchant-locked card not yet locked locks to {@code merchant}. Nothing for a card of any use.
     */
    public void recordSpend(Connection c, Card card, String merchant) throws SQLException {
        switch (card.use()) {
            case SINGLE -> setState(c, card.id(), CardState.CLOSED);
            case MERCHANT_LOCKED -> {
                if (card.lockedMerchant() != null) return;
                try (PreparedStatement ps = c.prepareStatement("UPDATE cards SET locked_merchant = ? WHERE id = ? AND locked_merchant IS NULL")) {
                    ps.setString(1, merchant);
                    ps.setLong(2, card.id());
                    ps.executeUpdate();
                }
            }
            case ANY -> { }
        }
    }

    public void setState(Connection c, long id, CardState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cards SET state = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** The card's PIN state; {@code lock} takes the card row's lock until the transaction ends (a PIN check counts under it). */
    public PinState pinState(Connection c, long id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pvv_cipher, pin_tries FROM cards WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("card " + id + " is not in the database");
                return new PinState(rs.getBytes(1), rs.getInt(2));
            }
        }
    }

    public void setPinTries(Connection c, long id, int tries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cards SET pin_tries = ? WHERE id = ?")) {
            ps.setInt(1, tries);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** The card's number, decrypted: for a flow that must compute with it (a new PIN's PVV) and has only the card's id. */
    public String pan(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pan_hash, pan_cipher FROM cards WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("card " + id + " is not in the database");
                return pans.decrypt(rs.getBytes(2), rs.getBytes(1));
            }
        }
    }

    private static Card read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            return new Card(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), CardState.valueOf(rs.getString(5)),
                    rs.getLong(6), rs.getLong(7), CardUse.valueOf(rs.getString(8)), rs.getString(9));
        }
    }
}
