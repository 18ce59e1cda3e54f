package org.veil.issuer.topup;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.issuer.card.PanVault;
import org.veil.packagers.CardNumbers;

/**
 * A customer's funding sources: a credit card of any issuer (number sealed in the PAN vault, shown only masked) or a
 * bank account (kept masked, with its keyed hash to spot a second copy). Another customer's source is 404, as one
 * that does not exist. What a customer typed never goes into an error message or a log line.
 */
public final class FundingSources {
    public static final String CREDIT_CARD = "CREDIT_CARD";
    public static final String BANK_ACCOUNT = "BANK_ACCOUNT";

    /** A source as a top-up needs it; {@code sealed} and {@code hash} open a credit card's number. */
    public record Source(long id, String kind, String masked, String expiry, byte[] sealed, byte[] hash) {}

    private final DataSource dataSource;
    private final PanVault vault;

    public FundingSources(DataSource dataSource, PanVault vault) {
        this.dataSource = dataSource;
        this.vault = vault;
    }

    public Map<String, Object> add(long customer, JsonBody in) throws SQLException {
        String kind = kind(in.text("kind"));
        String holder = holder(in.text("name"));
        String masked;
        byte[] hash;
        byte[] sealed = null;
        String expiry = null;
        if (kind.equals(CREDIT_CARD)) {
            if (in.has("iban") || in.has("accountNumber")) throw new ApiError(400, "a credit-card source has 'number', 'expiry' and 'name'");
            String number = in.text("number").replace(" ", "");
            if (!number.matches("[0-9]{12,19}") || !CardNumbers.luhnValid(number)) {
                throw new ApiError(400, "'number' must be a card number of 12 to 19 digits that passes the Luhn check");
            }
            expiry = expiry(in.text("expiry"));
            masked = CardNumbers.mask(number);
            hash = vault.lookupHash(number);
            sealed = vault.encrypt(number);
        } else {
            if (in.has("number") || in.has("expiry")) throw new ApiError(400, "a bank-account source has 'iban' or 'accountNumber', and 'name'");
            String account = bankAccount(in.optionalText("iban"), in.optionalText("accountNumber"));
            masked = account.substring(0, 2) + "*".repeat(account.length() - 6) + account.substring(account.length() - 4);
            hash = vault.codeHash("BANK|" + account); // keyed, and kept apart from card number hashes
        }
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM funding_sources WHERE customer = ? AND number_hash = ?"
                        + " AND removed_at IS NULL FOR UPDATE")) {
                    ps.setLong(1, customer);
                    ps.setBytes(2, hash);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) throw new ApiError(409, "this " + label(kind) + " is already funding source " + rs.getLong(1) + " of your wallet");
                    }
                }
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO funding_sources (customer, kind, holder, masked, number_hash,"
                        + " number_enc, expiry, created_at) VALUES (?,?,?,?,?,?,?,?)", new String[] {"id"})) {
                    ps.setLong(1, customer);
                    ps.setString(2, kind);
                    ps.setString(3, holder);
                    ps.setString(4, masked);
                    ps.setBytes(5, hash);
                    ps.setBytes(6, sealed);
                    ps.setString(7, expiry);
                    ps.setLong(8, now);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                c.commit();
                return view(id, kind, holder, masked, expiry, now);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public List<Map<String, Object>> list(long customer) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, kind, holder, masked, expiry, created_at FROM funding_sources"
                     + " WHERE customer = ? AND removed_at IS NULL ORDER BY id")) {
            ps.setLong(1, customer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(view(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6)));
            }
        }
        return out;
    }

    /** Removed from the wallet; top-ups made from it keep their history (and a pending bank transfer may still arrive). */
    public Map<String, Object> remove(long customer, long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE funding_sources SET removed_at = ? WHERE id = ? AND customer = ? AND removed_at IS NULL")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setLong(2, id);
            ps.setLong(3, customer);
            if (ps.executeUpdate() != 1) throw notFound(id);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("removed", true);
        return m;
    }

    /** The customer's live source, or 404. */
    public Source find(Connection c, long customer, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, masked, expiry, number_enc, number_hash FROM funding_sources"
                + " WHERE id = ? AND customer = ? AND removed_at IS NULL")) {
            ps.setLong(1, id);
            ps.setLong(2, customer);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw notFound(id);
                return new Source(id, rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5));
            }
        }
    }

    /** A credit card source's number, opened for the one message that needs it. */
    public String cardNumber(Source s) {
        return vault.decrypt(s.sealed(), s.hash());
    }

    static String label(String kind) {
        return kind.equals(CREDIT_CARD) ? "credit-card" : "bank-account";
    }

    private static ApiError notFound(long id) {
        return new ApiError(404, "no funding source " + id + " in your wallet");
    }

    private static Map<String, Object> view(long id, String kind, String holder, String masked, String expiry, long created) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", label(kind));
        m.put("maskedNumber", masked);
        if (expiry != null) m.put("expiry", expiry);
        m.put("name", holder);
        m.put("createdAt", created);
        return m;
    }

    private static String kind(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "credit-card" -> CREDIT_CARD;
            case "bank-account" -> BANK_ACCOUNT;
            default -> throw new ApiError(400, "'kind' must be credit-card or bank-account, got " + ApiError.shown(raw));
        };
    }

    private static String holder(String raw) {
        String v = raw.strip();
        if (v.isEmpty() || v.length() > 64 || v.chars().anyMatch(Character::isISOControl)) {
            throw new ApiError(400, "'name' must be 1 to 64 printable characters");
        }
        return v;
    }

    /** YYMM, a real month, not past. */
    private static String expiry(String raw) {
        if (!raw.matches("[0-9]{2}(0[1-9]|1[0-2])")) throw new ApiError(400, "'expiry' must be YYMM, e.g. 3012");
        YearMonth ym = YearMonth.of(2000 + Integer.parseInt(raw.substring(0, 2)), Integer.parseInt(raw.substring(2)));
        if (ym.isBefore(YearMonth.now(ZoneOffset.UTC))) throw new ApiError(400, "the card expired (expiry " + raw + ")");
        return raw;
    }

    /** An IBAN (checked by its mod-97 digits) or a plain account number of 6 to 20 digits; exactly one of them. */
    static String bankAccount(String iban, String accountNumber) {
        if ((iban == null) == (accountNumber == null)) throw new ApiError(400, "give either 'iban' or 'accountNumber'");
        if (accountNumber != null) {
            String a = accountNumber.replace(" ", "");
            if (!a.matches("[0-9]{6,20}")) throw new ApiError(400, "'accountNumber' must be 6 to 20 digits");
            return a;
        }
        String i = iban.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!i.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}") || !ibanChecks(i)) {
            throw new ApiError(400, "'iban' is not a valid IBAN (country, check digits, account; e.g. DE89370400440532013000)");
        }
        return i;
    }

    private static boolean ibanChecks(String iban) {
        String moved = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder();
        for (char ch : moved.toCharArray()) digits.append(Character.isDigit(ch) ? String.valueOf(ch) : String.valueOf(ch - 'A' + 10));
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
