package org.veil.issuer.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Finds or opens ledger accounts. Merchant and funding accounts open on first sight, in their own short
 * transaction (so a race between two first sights just reads the winner's row); their ids are cached.
 */
public final class AccountDirectory {
    public static final String CARD = "CARD";
    public static final String MERCHANT = "MERCHANT";
    public static final String FUNDING = "FUNDING";

    private final DataSource dataSource;
    private final Map<String, Long> cache = new ConcurrentHashMap<>();

    public AccountDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long merchant(String merchantId, String currency) throws SQLException {
        return shared(MERCHANT, merchantId, currency);
    }

    public long funding(String code, String currency) throws SQLException {
        return shared(FUNDING, code, currency);
    }

    /** A card's own account, opened in the card's issuing transaction. */
    public long openCardAccount(Connection c, String code, String currency) throws SQLException {
        return insert(c, CARD, code, currency);
    }

    private long shared(String kind, String code, String currency) throws SQLException {
        String key = kind + '|' + code + '|' + currency;
        Long id = cache.get(key);
        if (id != null) return id;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Long found = find(c, kind, code, currency);
            if (found == null) {
                try {
                    found = insert(c, kind, code, currency);
                } catch (SQLException e) {
                    found = find(c, kind, code, currency);
                    if (found == null) throw e;
                }
            }
            cache.put(key, found);
            return found;
        }
    }

    /** The account id of a merchant in a currency, or null when the merchant was never seen. */
    public Long find(Connection c, String kind, String code, String currency) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM accounts WHERE kind = ? AND code = ? AND currency = ?")) {
            ps.setString(1, kind);
            ps.setString(2, code);
            ps.setString(3, currency);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static long insert(Connection c, String kind, String code, String currency) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO accounts (kind, code, currency, created_at) VALUES (?,?,?,?)", new String[] {"id"})) {
            ps.setString(1, kind);
            ps.setString(2, code);
            ps.setString(3, currency);
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
