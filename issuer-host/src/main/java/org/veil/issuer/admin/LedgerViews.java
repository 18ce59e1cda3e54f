package org.veil.issuer.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.veil.issuer.card.Card;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.card.CardRepository;
import org.veil.issuer.card.IssuedCard;
import org.veil.issuer.card.Product;
import org.veil.issuer.ledger.AccountDirectory;
import org.veil.issuer.ledger.Balance;
import org.veil.issuer.ledger.Ledger;

/** The JSON shapes of the admin API: products, a card with holds and entries, a merchant with payments. */
public final class LedgerViews {
    private static final int LIMIT = 100;
    private final Ledger ledger;

    public LedgerViews(Ledger ledger) {
        this.ledger = ledger;
    }

    static Map<String, Object> product(Product p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", p.code());
        m.put("bin", p.bin());
        m.put("currency", p.currency());
        m.put("maxTransaction", p.maxTransaction());
        m.put("maxBalance", p.maxBalance());
        m.put("holdExpirySeconds", p.holdExpirySeconds());
        m.put("maxMonthlyLoad", p.maxMonthlyLoad());
        return m;
    }

    /** The one answer that shows the full number and the verification values (CVV2, track 2 with the CVV, iCVV): the issuance. */
    static Map<String, Object> issued(IssuedCard issued, String currency) {
        Card card = issued.card();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", card.id());
        m.put("pan", issued.pan());
        m.put("expiry", card.expiry());
        m.put("cvv2", issued.cvv2());
        m.put("track2", issued.track2());
        m.put("icvv", issued.icvv());
        m.put("state", card.state().name());
        m.put("product", card.product());
        m.put("currency", currency);
        m.put("use", card.use().label);
        return m;
    }

    /** A code just minted: the code itself, this once, and its bounds. */
    static Map<String, Object> minted(OneTimeCodes.Minted code) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", code.id());
        m.put("code", code.code());
        m.put("card", code.cardId());
        m.put("maxAmount", code.maxAmount());
        m.put("currency", code.currency());
        m.put("expiresAt", Instant.ofEpochMilli(code.expiresAt()).toString());
        m.put("merchant", code.merchant());
        return m;
    }

    /** The card as GET shows it: whether it has a PIN and whether that is locked, never anything of the PIN. */
    public Map<String, Object> card(Connection c, Card card, String currency, CardRepository.PinState pin) throws SQLException {
        Balance b = ledger.balance(c, card.accountId(), false);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", card.id());
        m.put("maskedPan", card.maskedPan());
        m.put("expiry", card.expiry());
        m.put("state", card.state().name());
        m.put("product", card.product());
        m.put("currency", currency);
        m.put("pinSet", pin.set());
        m.put("pinLocked", pin.locked());
        m.put("use", card.use().label);
        if (card.lockedMerchant() != null) m.put("lockedMerchant", card.lockedMerchant());
        m.put("ledger", b.ledger());
        m.put("available", b.available());
        List<Map<String, Object>> holds = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, amount, state, expires_at FROM transfers"
                + " WHERE debit_account_id = ? AND kind = 'PENDING' ORDER BY id DESC")) {
            ps.setMaxRows(LIMIT);
            ps.setLong(1, card.accountId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> h = new LinkedHashMap<>();
                    h.put("id", rs.getLong(1));
                    h.put("amount", rs.getLong(2));
                    h.put("status", rs.getString(3));
                    h.put("expiresAt", Instant.ofEpochMilli(rs.getLong(4)).toString());
                    holds.add(h);
                }
            }
        }
        m.put("holds", holds);
        List<Map<String, Object>> entries = new ArrayList<>();
        // Releases (VOID, EXPIRE) move no money: the hold's own status tells them.
        try (PreparedStatement ps = c.prepareStatement("SELECT created_at, type, amount, state, reference, debit_account_id"
                + " FROM transfers WHERE (debit_account_id = ? OR credit_account_id = ?) AND kind IN ('TRANSFER', 'PENDING', 'POST')"
                + " ORDER BY id DESC")) {
            ps.setMaxRows(LIMIT);
            ps.setLong(1, card.accountId());
            ps.setLong(2, card.accountId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("time", Instant.ofEpochMilli(rs.getLong(1)).toString());
                    e.put("type", rs.getString(2));
                    e.put("amount", rs.getLong(6) == card.accountId() ? -rs.getLong(3) : rs.getLong(3));
                    e.put("status", rs.getString(4));
                    e.put("reference", rs.getString(5));
                    entries.add(e);
                }
            }
        }
        m.put("entries", entries);
        List<Map<String, Object>> codes = new ArrayList<>();
        // The card's one-time codes as kept: masked, never the code.
        try (PreparedStatement ps = c.prepareStatement("SELECT id, masked_code, max_amount, merchant_id, expires_at, used_at"
                + " FROM one_time_codes WHERE card_id = ? ORDER BY id DESC")) {
            ps.setMaxRows(LIMIT);
            ps.setLong(1, card.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> code = new LinkedHashMap<>();
                    code.put("id", rs.getLong(1));
                    code.put("maskedCode", rs.getString(2));
                    code.put("maxAmount", rs.getLong(3));
                    code.put("merchant", rs.getString(4));
                    code.put("expiresAt", Instant.ofEpochMilli(rs.getLong(5)).toString());
                    long used = rs.getLong(6);
                    code.put("usedAt", rs.wasNull() ? null : Instant.ofEpochMilli(used).toString());
                    codes.add(code);
                }
            }
        }
        m.put("oneTimeCodes", codes);
        return m;
    }

    /** The merchant's view, or null when the merchant was never seen. */
    Map<String, Object> merchant(Connection c, String merchantId) throws SQLException {
        List<long[]> accounts = new ArrayList<>();
        List<String> currencies = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, currency FROM accounts WHERE kind = ? AND code = ? ORDER BY id")) {
            ps.setString(1, AccountDirectory.MERCHANT);
            ps.setString(2, merchantId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    accounts.add(new long[] {rs.getLong(1)});
                    currencies.add(rs.getString(2));
                }
            }
        }
        if (accounts.isEmpty()) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("merchantId", merchantId);
        Map<String, Object> ledgers = new LinkedHashMap<>();
        List<Map<String, Object>> payments = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            long account = accounts.get(i)[0];
            long balance = ledger.balance(c, account, false).ledger();
            if (i == 0) {
                m.put("ledger", balance);
                m.put("currency", currencies.get(0));
            }
            ledgers.put(currencies.get(i), balance);
            payments.addAll(payments(c, account, currencies.get(i)));
        }
        m.put("ledgers", ledgers);
        m.put("payments", payments);
        return m;
    }

    private static List<Map<String, Object>> payments(Connection c, long account, String currency) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t.created_at, t.type, t.amount, t.debit_account_id, t.reference,"
                + " cd.masked_pan, cc.masked_pan FROM transfers t LEFT JOIN cards cd ON cd.account_id = t.debit_account_id"
                + " LEFT JOIN cards cc ON cc.account_id = t.credit_account_id"
                + " WHERE (t.debit_account_id = ? OR t.credit_account_id = ?) AND t.kind IN ('TRANSFER', 'POST') ORDER BY t.id DESC")) {
            ps.setMaxRows(LIMIT);
            ps.setLong(1, account);
            ps.setLong(2, account);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    boolean debit = rs.getLong(4) == account;
                    p.put("time", Instant.ofEpochMilli(rs.getLong(1)).toString());
                    p.put("type", rs.getString(2));
                    p.put("amount", debit ? -rs.getLong(3) : rs.getLong(3));
                    p.put("currency", currency);
                    p.put("maskedPan", debit ? rs.getString(7) : rs.getString(6));
                    p.put("rrn", rs.getString(5));
                    out.add(p);
                }
            }
        }
        return out;
    }
}
