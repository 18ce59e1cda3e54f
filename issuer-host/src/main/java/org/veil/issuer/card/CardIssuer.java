package org.veil.issuer.card;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.veil.issuer.ledger.AccountDirectory;
import org.veil.packagers.CardNumbers;
import org.veil.security.CardVerificationValue;

/**
 * Issues cards: PAN = BIN + zero-padded product sequence + Luhn digit, with its own ledger account. The number is
 * stored encrypted, with its lookup hash and its mask; a chosen PIN as its sealed PVV. The CVV (stripe, service code
 * 101), CVV2 and iCVV are computed from the card verification keys, told once in the issuance answer (the CVV inside
 * track 2) and stored nowhere: authorization computes them again.
 */
public final class CardIssuer {
    private final DataSource dataSource;
    private final ProductCatalog products;
    private final AccountDirectory accounts;
    private final PanVault pans;
    private final CardKeys keys;
    private final PinSetter pins;

    public CardIssuer(DataSource dataSource, ProductCatalog products, AccountDirectory accounts, PanVault pans, CardKeys keys,
                      PinSetter pins) {
        this.dataSource = dataSource;
        this.products = products;
        this.accounts = accounts;
        this.pans = pans;
        this.keys = keys;
        this.pins = pins;
    }

    public IssuedCard issue(String productCode) throws SQLException {
        return issue(productCode, null);
    }

    /**
     * A new card of the product, with {@code pin} (4 to 12 digits) or without a PIN (null).
     * @throws IllegalArgumentException for an unknown product or a PIN that is not 4 to 12 digits
     */
    public IssuedCard issue(String productCode, String pin) throws SQLException {
        return issue(productCode, pin, CardUse.ANY);
    }

    /** A new card of the product, with or without a PIN, spendable as {@code use} says (single-use, merchant-locked, any). */
    public IssuedCard issue(String productCode, String pin, CardUse use) throws SQLException {
        Product p = products.get(productCode);
        if (p == null) throw new IllegalArgumentException("unknown product '" + productCode + "'");
        if (pin != null) PinSetter.check(pin);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                IssuedCard issued = issue(c, p, pin, CardState.ACTIVE, use);
                c.commit();
                return issued;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * A new card of the product in the caller's transaction (which commits it, or rolls it back with whatever else it
     * wrote), in the given first state: ACTIVE, or INACTIVE for a physical card that waits for its holder; spendable as
     * {@code use} says.
     */
    public IssuedCard issue(Connection c, Product p, String pin, CardState state, CardUse use) throws SQLException {
        if (pin != null) PinSetter.check(pin);
        long seq = nextSequence(c, p);
        int digits = p.panLength() - p.bin().length() - 1;
        if (String.valueOf(seq).length() > digits) throw new IllegalStateException("product " + p.code() + " has run out of card numbers");
        String partial = p.bin() + String.format("%0" + digits + "d", seq);
        String pan = partial + CardNumbers.luhnDigit(partial);
        YearMonth exp = YearMonth.now(ZoneOffset.UTC).plusMonths(p.validityMonths());
        String expiry = String.format("%02d%02d", exp.getYear() % 100, exp.getMonthValue());
        String pvkiAndPvv = pin == null ? PinSetter.NO_PIN : pins.pvkiAndPvv(pan, pin);
        String cvv = CardVerificationValue.cvv(keys.cvk(), pan, expiry, Track2.MAGSTRIPE_SERVICE_CODE);
        String track2 = Track2.issued(pan, expiry, pvkiAndPvv, cvv).format();
        long account = accounts.openCardAccount(c, p.code() + ":" + seq, p.currency());
        long now = System.currentTimeMillis();
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cards (pan_hash, pan_cipher, masked_pan, product,"
                + " expiry, state, account_id, created_at, pvv_cipher, use_kind) VALUES (?,?,?,?,?,?,?,?,?,?)", new String[] {"id"})) {
            ps.setBytes(1, pans.lookupHash(pan));
            ps.setBytes(2, pans.encrypt(pan));
            ps.setString(3, PanVault.mask(pan));
            ps.setString(4, p.code());
            ps.setString(5, expiry);
            ps.setString(6, state.name());
            ps.setLong(7, account);
            ps.setLong(8, now);
            ps.setBytes(9, pin == null ? null : pins.seal(pan, pvkiAndPvv));
            ps.setString(10, use.name());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        return new IssuedCard(new Card(id, PanVault.mask(pan), p.code(), expiry, state, account, now, use, null), pan,
                CardVerificationValue.cvv2(keys.cvk(), pan, expiry), track2, CardVerificationValue.icvv(keys.cvk(), pan, expiry));
    }

    private static long nextSequence(Connection c, Product p) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE products SET next_sequence = next_sequence + 1 WHERE code = ?")) {
            up.setString(1, p.code());
            if (up.executeUpdate() != 1) throw new SQLException("product " + p.code() + " is not in the database");
        }
        try (PreparedStatement q = c.prepareStatement("SELECT next_sequence FROM products WHERE code = ?")) {
            q.setString(1, p.code());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
