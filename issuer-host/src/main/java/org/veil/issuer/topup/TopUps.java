package org.veil.issuer.topup;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.http.ApiError;
import org.veil.http.JsonBody;
import org.veil.issuer.Issuer;

/**
 * Top-ups of a wallet card from a funding source, idempotent on the customer's {@code reference}: the same reference
 * again answers the first result and moves nothing; with another card, source or amount it is 409. From a bank account
 * the top-up waits PENDING under a transfer reference until the bank confirms the transfer (admin API); from a credit
 * card it is authorized through the switch at once ({@link CardFunding}). A top-up over the card's anonymous limits is
 * REFUSED (422) with the reason naming the limit; a bank transfer over them at confirmation is RETURNED.
 */
public final class TopUps {
    private static final Logger LOG = LoggerFactory.getLogger(TopUps.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] REF_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    /** An answer: its status (201 completed, 202 pending, 422 refused, 200 a repeat of a completed one) and body. */
    public record Reply(int status, Map<String, Object> body) {}

    private final DataSource dataSource;
    private final FundingSources sources;
    private final LoadPosting posting;
    private final CardFunding cardFunding;
    private final SwitchAcquirer acquirer;
    /** Rows last touched before this moment belong to an earlier run: none of them is in flight here. */
    private final long startedAt = System.currentTimeMillis();

    public TopUps(Issuer issuer, SwitchAcquirer acquirer) {
        this.dataSource = issuer.dataSource();
        this.sources = new FundingSources(dataSource, issuer.pans());
        this.posting = new LoadPosting(issuer);
        this.acquirer = acquirer;
        this.cardFunding = new CardFunding(dataSource, sources, acquirer, posting);
    }

    public FundingSources sources() {
        return sources;
    }

    public Reply request(long customer, JsonBody in) throws SQLException {
        long cardId = positive(in.wholeNumber("card", "card id"), "card");
        long sourceId = positive(in.wholeNumber("source", "funding source id"), "source");
        long amount = in.wholeNumber("amount", "minor units");
        if (amount <= 0) throw new ApiError(400, "'amount' must be a positive number of minor units, got " + amount);
        String reference = reference(in.text("reference"));
        TopUpRow row;
        FundingSources.Source source;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                TopUpRow prior = TopUpRow.byReference(c, customer, reference, false);
                if (prior != null) {
                    c.rollback();
                    return repeat(prior, cardId, sourceId, amount);
                }
                requireWalletCard(c, customer, cardId);
                source = sources.find(c, customer, sourceId);
                String currency = currency(c, cardId);
                long now = System.currentTimeMillis();
                String kind = source.kind().equals(FundingSources.CREDIT_CARD) ? TopUpRow.CARD : TopUpRow.BANK;
                String refusal = posting.precheck(c, cardId, amount, now);
                if (refusal != null) {
                    long id = TopUpRow.insert(c, customer, reference, cardId, sourceId, kind, amount, currency, TopUpRow.REFUSED, refusal, null, now);
                    c.commit();
                    return reply(TopUpRow.byId(c, id, false));
                }
                if (kind.equals(TopUpRow.BANK)) {
                    long id = TopUpRow.insert(c, customer, reference, cardId, sourceId, kind, amount, currency, TopUpRow.PENDING,
                            null, transferReference(), now);
                    c.commit();
                    return reply(TopUpRow.byId(c, id, false));
                }
                long id = TopUpRow.insert(c, customer, reference, cardId, sourceId, kind, amount, currency, TopUpRow.AUTHORIZING, null, null, now);
                TopUpRow.setMessage(c, id, acquirer.terminal(), CardFunding.stan(id), SwitchAcquirer.transmissionTime(null), CardFunding.rrn(id));
                // Committed before the purchase leaves: a crash after sending still finds the message to reverse.
                c.commit();
                row = TopUpRow.byId(c, id, false);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return reply(cardFunding.authorize(row, source));
    }

    public List<Map<String, Object>> list(long customer) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return TopUpRow.ofCustomer(c, customer).stream().map(TopUpRow::view).toList();
        }
    }

    public Map<String, Object> show(long customer, long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            TopUpRow r = TopUpRow.byId(c, id, false);
            if (r == null || r.customer() != customer) throw new ApiError(404, "no top-up " + id + " in your wallet");
            return r.view();
        }
    }

    /** The bank's word that transfer {@code ref} arrived: credited if the limits still allow, else RETURNED with the reason. Idempotent. */
    public Map<String, Object> confirmBankTransfer(String ref) throws SQLException {
        String transferRef = transferRef(ref);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                TopUpRow r = TopUpRow.byTransferRef(c, transferRef, true);
                if (r == null) throw new ApiError(404, "no bank transfer " + transferRef);
                if (!r.state().equals(TopUpRow.PENDING)) {
                    c.rollback();
                    return bankView(r);
                }
                long now = System.currentTimeMillis();
                LoadPosting.Result p = posting.post(c, r.cardId(), r.amount(), LoadPosting.BANK_FUNDING, transferRef, now);
                if (p.refusal() == null) TopUpRow.setState(c, r.id(), TopUpRow.COMPLETED, null, p.transferId(), null, null, null, now);
                else TopUpRow.setState(c, r.id(), TopUpRow.RETURNED, "returned to the sender: " + p.refusal(), null, null, null, null, now);
                c.commit();
                return bankView(TopUpRow.byId(c, r.id(), false));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public Map<String, Object> bankTransfer(String ref) throws SQLException {
        String transferRef = transferRef(ref);
        try (Connection c = dataSource.getConnection()) {
            TopUpRow r = TopUpRow.byTransferRef(c, transferRef, false);
            if (r == null) throw new ApiError(404, "no bank transfer " + transferRef);
            return bankView(r);
        }
    }

    /**
     * After a restart: a credit-card top-up left AUTHORIZING or REVERSING was cut off mid-way; whatever its issuer
     * decided is reversed and the top-up FAILED (the load never committed, or it would be COMPLETED).
     */
    public void recoverInterruptedAfter(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            return;
        }
        int n = recoverInterrupted();
        if (n > 0) LOG.warn("{} interrupted credit-card top-up(s) reversed and marked failed", n);
    }

    public int recoverInterrupted() {
        int n = 0;
        try (Connection c = dataSource.getConnection()) {
            for (TopUpRow r : TopUpRow.inState(c, TopUpRow.AUTHORIZING, TopUpRow.REVERSING)) {
                if (r.updatedAt() >= startedAt) continue; // this run's own, still being worked on
                FundingSources.Source s = sourceAnyState(c, r.sourceId());
                cardFunding.reverse(r, cardFunding.cardNumber(s), r.reason() != null ? r.reason()
                        : "the issuer host stopped while the top-up was in progress", r.responseCode());
                n++;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("recovering interrupted top-ups failed: {}", e.toString());
        }
        return n;
    }

    private static FundingSources.Source sourceAnyState(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, masked, expiry, number_enc, number_hash FROM funding_sources WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new FundingSources.Source(id, rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5));
            }
        }
    }

    private static Reply repeat(TopUpRow prior, long cardId, long sourceId, long amount) {
        if (prior.cardId() != cardId || prior.sourceId() != sourceId || prior.amount() != amount) {
            throw new ApiError(409, "reference " + ApiError.shown(prior.reference()) + " was already used for another top-up (card "
                    + prior.cardId() + ", source " + prior.sourceId() + ", amount " + prior.amount() + ")");
        }
        int status = prior.status() == 201 ? 200 : prior.status();
        return new Reply(status, prior.view());
    }

    private static Reply reply(TopUpRow r) {
        return new Reply(r.status(), r.view());
    }

    private static Map<String, Object> bankView(TopUpRow r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("transferReference", r.transferRef());
        m.put("card", r.cardId());
        m.put("amount", r.amount());
        m.put("currency", r.currency());
        m.put("state", r.state().toLowerCase(java.util.Locale.ROOT));
        m.put("reason", r.reason());
        m.put("updatedAt", r.updatedAt());
        return m;
    }

    private static void requireWalletCard(Connection c, long customer, long cardId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM wallet_cards WHERE card_id = ? AND customer = ?")) {
            ps.setLong(1, cardId);
            ps.setLong(2, customer);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ApiError(404, "no card " + cardId + " in your wallet");
            }
        }
    }

    private static String currency(Connection c, long cardId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.currency FROM cards k JOIN products p ON p.code = k.product WHERE k.id = ?")) {
            ps.setLong(1, cardId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long positive(long v, String field) {
        if (v <= 0) throw new ApiError(400, "'" + field + "' must be an id (a positive number), got " + v);
        return v;
    }

    private static String reference(String raw) {
        if (raw.isEmpty() || raw.length() > 64 || !raw.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            throw new ApiError(400, "'reference' must be 1 to 64 printable ASCII characters");
        }
        return raw;
    }

    private static String transferRef(String raw) {
        if (raw == null || !raw.matches("BT[A-Z0-9]{10}")) throw new ApiError(400, "a bank transfer reference is BT and 10 letters or digits, got " + ApiError.shown(raw));
        return raw;
    }

    private static String transferReference() {
        char[] c = new char[10];
        for (int i = 0; i < c.length; i++) c[i] = REF_CHARS[RANDOM.nextInt(REF_CHARS.length)];
        return "BT" + new String(c);
    }
}
