package org.veil.issuer.card;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.veil.issuer.ledger.AccountDirectory;
import org.veil.packagers.CardNumbers;

/** Issues cards: PAN = BIN + zero-padded product sequence + Luhn digit, with its own ledger account. */
public final class CardIssuer {
    private final DataSource dataSource;
    private final ProductCatalog products;
    private final AccountDirectory accounts;
    private final SecureRandom random = new SecureRandom();

    public CardIssuer(DataSource dataSource, ProductCatalog products, AccountDirectory accounts) {
        this.dataSource = dataSource;
        this.products = products;
        this.accounts = accounts;
    }

    /** @throws IllegalArgumentException for an unknown product */
    public Card issue(String productCode) throws SQLException {
        Product p = products.get(productCode);
        if (p == null) throw new IllegalArgumentException("unknown product '" + productCode + "'");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long seq = nextSequence(c, p);
                int digits = p.panLength() - p.bin().length() - 1;
                if (String.valueOf(seq).length() > digits) throw new IllegalStateException("product " + p.code() + " has run out of card numbers");
                String partial = p.bin() + String.format("%0" + digits + "d", seq);
                String pan = partial + CardNumbers.luhnDigit(partial);
                YearMonth exp = YearMonth.now(ZoneOffset.UTC).plusMonths(p.validityMonths());
                String expiry = String.format("%02d%02d", exp.getYear() % 100, exp.getMonthValue());
                String cvv2 = String.format("%03d", random.nextInt(1000));
                long account = accounts.openCardAccount(c, p.code() + ":" + seq, p.currency());
                long now = System.currentTimeMillis();
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO cards (pan, product, expiry, cvv2, state, account_id,"
                        + " created_at) VALUES (?,?,?,?,?,?,?)", new String[] {"id"})) {
                    ps.setString(1, pan);
                    ps.setString(2, p.code());
                    ps.setString(3, expiry);
                    ps.setString(4, cvv2);
                    ps.setString(5, CardState.ACTIVE.name());
                    ps.setLong(6, account);
                    ps.setLong(7, now);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                c.commit();
                return new Card(id, pan, p.code(), expiry, cvv2, CardState.ACTIVE, account, now);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
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
