package org.veil.issuer.card;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import javax.sql.DataSource;
import org.veil.issuer.db.RetriedTransaction;
import org.veil.packagers.CardNumbers;

/**
 * One-time codes (system 4): a code stands in for a card's number once, for at most an amount, until an expiry, and
 * optionally at one merchant only. A code is 16 digits (a POS keypad can enter it) that fail the Luhn check and start
 * with 1 to 8, so it is never mistaken for a card number, Veil's or anyone's. It is told once, at minting, and kept only
 * as its keyed hash ({@link PanVault#codeHash}: 16 digits are too few for a plain hash to keep them) and its mask.
 * At the edge a code travels in field 48 tag OT with {@link #CARRIER_PAN} in field 2, which routes it to this issuer.
 */
public final class OneTimeCodes {
    /** Digits in a code. */
    public static final int LENGTH = 16;
    /** The longest a code may live: a code is for one purchase about to happen. */
    public static final long MAX_LIFETIME_SECONDS = 30L * 24 * 3600;
    /** The card number a request presenting a one-time code carries in field 2: BIN 999998, no card's, routed by prefix 9999. */
    public static final String CARRIER_PAN = carrier();

    private static final int MAX_MERCHANT_ID = 15;
    private static final String COLUMNS = "SELECT id, card_id, max_amount, merchant_id, expires_at, used_at, masked_code FROM one_time_codes WHERE ";

    /** A code as kept: never the code itself. */
    public record Code(long id, long cardId, long maxAmount, String merchant, long expiresAt, Long usedAt, String maskedCode) {
        public boolean used() {
            return usedAt != null;
        }
    }

    /** A code just minted: the only time the code exists outside its holder's hands. */
    public record Minted(long id, String code, long cardId, long maxAmount, String currency, long expiresAt, String merchant) {
        /** Masked: a minted code may end up in a log line. */
        @Override
        public String toString() {
            return "Minted[" + id + " " + mask(code) + " card " + cardId + " max " + maxAmount + " " + currency + " expires " + expiresAt
                    + (merchant == null ? "" : " merchant " + merchant) + "]";
        }
    }

    private final DataSource dataSource;
    private final ProductCatalog products;
    private final CardRepository cards;
    private final PanVault pans;
    private final SecureRandom random = new SecureRandom();

    public OneTimeCodes(DataSource dataSource, ProductCatalog products, CardRepository cards, PanVault pans) {
        this.dataSource = dataSource;
        this.products = products;
        this.cards = cards;
        this.pans = pans;
    }

    /**
     * A new code for the card: pays at most {@code maxAmount} (minor units of the card's currency, at most the product's
     * maximum transaction), until {@code expiresAt} (epoch milliseconds, within {@link #MAX_LIFETIME_SECONDS}), at
     * {@code merchantId} only when that is not null.
     * @throws IllegalArgumentException for a bad amount, expiry or merchant id (nothing written)
     * @throws IllegalStateException when the card does not exist or cannot be spent (nothing written)
     */
    public Minted mint(long cardId, long maxAmount, long expiresAt, String merchantId) throws SQLException {
        long now = System.currentTimeMillis();
        if (maxAmount <= 0) throw new IllegalArgumentException("a one-time code's maximum amount must be positive, got " + maxAmount);
        if (expiresAt <= now) throw new IllegalArgumentException("a one-time code must expire in the future");
        if (expiresAt > now + MAX_LIFETIME_SECONDS * 1000) {
            throw new IllegalArgumentException("a one-time code lives at most " + MAX_LIFETIME_SECONDS + " seconds");
        }
        String merchant = merchantId == null ? null : merchantId.trim();
        if (merchant != null && (merchant.isEmpty() || merchant.length() > MAX_MERCHANT_ID || !merchant.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f))) {
            throw new IllegalArgumentException("a merchant id (field 42) is 1 to 15 printable characters");
        }
        // Two codes drawn alike (one in 10^16) lose the race on the unique hash: the next attempt draws again.
        return RetriedTransaction.run(dataSource, c -> {
            String code = newCode();
            Card card = cards.byId(c, cardId);
            if (card == null) throw new IllegalStateException("no card " + cardId);
            if (card.state() != CardState.ACTIVE || card.expired()) {
                throw new IllegalStateException("card " + cardId + " is " + (card.expired() ? "expired" : card.state()) + ": no code can pay with it");
            }
            Product product = products.get(card.product());
            if (maxAmount > product.maxTransaction()) {
                throw new IllegalArgumentException("a one-time code's maximum amount is at most the product's maximum transaction, "
                        + product.maxTransaction());
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO one_time_codes (code_hash, masked_code, card_id, max_amount,"
                    + " merchant_id, expires_at, created_at) VALUES (?,?,?,?,?,?,?)", new String[] {"id"})) {
                ps.setBytes(1, pans.codeHash(code));
                ps.setString(2, mask(code));
                ps.setLong(3, cardId);
                ps.setLong(4, maxAmount);
                if (merchant == null) ps.setNull(5, Types.VARCHAR); else ps.setString(5, merchant);
                ps.setLong(6, expiresAt);
                ps.setLong(7, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return new Minted(id, code, cardId, maxAmount, product.currency(), expiresAt, merchant);
        });
    }

    /** The code presented, or null when no code is kept under it (a malformed one included). */
    public Code find(Connection c, String code) throws SQLException {
        if (!wellFormed(code)) return null;
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "code_hash = ?")) {
            ps.setBytes(1, pans.codeHash(code));
            return read(ps);
        }
    }

    /** The code read again under its row's lock, held until the transaction ends: of two uses at once, one sees the other's burn. */
    public Code lock(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COLUMNS + "id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            Code code = read(ps);
            if (code == null) throw new SQLException("one-time code " + id + " is not in the database");
            return code;
        }
    }

    /** Marks the code used, in the transaction of the spend it paid for; IllegalStateException (roll back) if it already was. */
    public void burn(Connection c, long id, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE one_time_codes SET used_at = ? WHERE id = ? AND used_at IS NULL")) {
            ps.setLong(1, now);
            ps.setLong(2, id);
            if (ps.executeUpdate() != 1) throw new IllegalStateException("one-time code " + id + " was used already");
        }
    }

    /** 16 digits: the shape of a code; anything else names none. */
    public static boolean wellFormed(String code) {
        return code != null && code.length() == LENGTH && code.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    /** First 2 and last 2 characters: what logs, rows and views may show of a code. */
    public static String mask(String code) {
        if (code == null) return null;
        if (code.length() < 8) return "*".repeat(code.length());
        return code.substring(0, 2) + "*".repeat(code.length() - 4) + code.substring(code.length() - 2);
    }

    private String newCode() {
        while (true) {
            StringBuilder sb = new StringBuilder(LENGTH);
            sb.append((char) ('1' + random.nextInt(8))); // 1 to 8: never a Veil BIN (9...), never a leading zero
            for (int i = 1; i < LENGTH; i++) sb.append((char) ('0' + random.nextInt(10)));
            String code = sb.toString();
            if (!CardNumbers.luhnValid(code)) return code;
        }
    }

    private static String carrier() {
        String partial = "999998000000000";
        return partial + CardNumbers.luhnDigit(partial);
    }

    private static Code read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            long used = rs.getLong(6);
            Long usedAt = rs.wasNull() ? null : used;
            return new Code(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5), usedAt, rs.getString(7));
        }
    }
}
