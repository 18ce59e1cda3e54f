package org.veil.issuer.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.veil.http.ApiError;
import org.veil.issuer.card.Card;
import org.veil.issuer.card.CardRepository;
import org.veil.issuer.card.CardState;
import org.veil.issuer.card.Product;
import org.veil.issuer.card.ProductCatalog;
import org.veil.issuer.ledger.AccountDirectory;
import org.veil.issuer.ledger.Balance;
import org.veil.issuer.ledger.Ledger;
import org.veil.issuer.topup.LoadLimits;

/**
 * Admin top-up: a transfer from the ADMIN-LOAD funding account to the card, idempotent on its reference
 * (kept in the request log under the key ADMIN-LOAD|reference).
 */
public final class CardLoader {
    static final String FUNDING_CODE = "ADMIN-LOAD";
    /** How an admin load's request-log key begins; no host request's key does (a terminal id has at most 8 characters). */
    public static final String KEY_PREFIX = FUNDING_CODE + "|";
    private final DataSource dataSource;
    private final ProductCatalog products;
    private final CardRepository cards;
    private final AccountDirectory accounts;
    private final Ledger ledger;

    public CardLoader(DataSource dataSource, ProductCatalog products, CardRepository cards, AccountDirectory accounts,
                      Ledger ledger) {
        this.dataSource = dataSource;
        this.products = products;
        this.cards = cards;
        this.accounts = accounts;
        this.ledger = ledger;
    }

    public Map<String, Object> load(CardRef ref, long amount, String reference) throws SQLException {
        if (amount <= 0) throw new ApiError(400, "'amount' must be a positive number of minor units, got " + amount);
        if (reference == null) reference = UUID.randomUUID().toString();
        if (reference.length() > 64) throw new ApiError(400, "'reference' must be at most 64 characters, got " + reference.length());
        if (!reference.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) throw new ApiError(400, "'reference' must be printable ASCII");
        String key = KEY_PREFIX + reference;
        try (Connection c = dataSource.getConnection()) {
            Card card = ref.find(c, cards);
            if (card.state() == CardState.CLOSED) throw new ApiError(409, "card " + card.id() + " is CLOSED");
            Product p = products.get(card.product());
            long funding = fundingAccount(p.currency());
            String digest = digest(card.id(), amount);
            c.setAutoCommit(false);
            try {
                Balance balance = ledger.balance(c, card.accountId(), true);
                String prior = priorDigest(c, key);
                if (prior != null) {
                    c.rollback();
                    if (!prior.equals(digest)) throw new ApiError(409, "reference " + ApiError.shown(reference) + " was already used for another card or amount");
                    return balances(balance);
                }
                credit(c, card, p, funding, amount, reference, balance, System.currentTimeMillis());
                c.commit();
                return balances(ledger.balance(c, card.accountId(), false));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * The load itself, in the caller's transaction, for a reference not used before and with the card account row
     * locked ({@code balance} read FOR UPDATE, or the account opened by this same transaction): the load limits (409 when refused), the LOAD transfer from the
     * ADMIN-LOAD funding account ({@code funding}), and the request log row that makes the reference idempotent.
     */
    void credit(Connection c, Card card, Product p, long funding, long amount, String reference, Balance balance, long now)
            throws SQLException {
        String refusal = LoadLimits.refusal(c, p, card.accountId(), balance, amount, now);
        if (refusal != null) throw new ApiError(409, refusal);
        long transfer = ledger.post(c, "LOAD", funding, card.accountId(), amount, reference, now);
        record(c, KEY_PREFIX + reference, digest(card.id(), amount), card, amount, p.currency(), transfer, now);
    }

    /** The ADMIN-LOAD funding account in {@code currency}, opened on first use. */
    long fundingAccount(String currency) throws SQLException {
        return accounts.funding(FUNDING_CODE, currency);
    }

    private static Map<String, Object> balances(Balance b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ledger", b.ledger());
        out.put("available", b.available());
        return out;
    }

    private static String priorDigest(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT request_digest FROM requests WHERE idem_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void record(Connection c, String key, String digest, Card card, long amount, String currency, long transfer,
                               long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO requests (idem_key, request_digest, mti, masked_pan, card_id,"
                + " amount, currency, response_code, approved_amount, effect, remaining, transfer_id, note, created_at)"
                + " VALUES (?,?,'ADMN',?,?,?,?,'0000',?,'CREDIT',?,?,'admin load',?)")) {
            ps.setString(1, key);
            ps.setString(2, digest);
            ps.setString(3, card.maskedPan());
            ps.setLong(4, card.id());
            ps.setLong(5, amount);
            ps.setString(6, currency);
            ps.setLong(7, amount);
            ps.setLong(8, amount);
            ps.setLong(9, transfer);
            ps.setLong(10, now);
            ps.executeUpdate();
        }
    }

    private static String digest(long cardId, long amount) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((cardId + "|" + amount).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
