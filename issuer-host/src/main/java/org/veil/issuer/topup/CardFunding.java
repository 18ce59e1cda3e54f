package org.veil.issuer.topup;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.packagers.ResponseCode;

/**
 * A credit-card top-up after its row is recorded AUTHORIZING: the funding purchase through the switch to the card's
 * issuer; on approval the load (limits judged again, under the card account's lock); when the load is refused after
 * all, or the answer never came, the funding authorization is reversed (0400, repeated as 0401 until answered; an
 * issuer that cannot take it gets it as a 0420 advice, which the switch stores and forwards) and the top-up FAILED.
 */
final class CardFunding {
    private static final Logger LOG = LoggerFactory.getLogger(CardFunding.class);
    private static final int REPEATS = 3;

    private final DataSource dataSource;
    private final FundingSources sources;
    private final SwitchAcquirer acquirer;
    private final LoadPosting posting;

    CardFunding(DataSource dataSource, FundingSources sources, SwitchAcquirer acquirer, LoadPosting posting) {
        this.dataSource = dataSource;
        this.sources = sources;
        this.acquirer = acquirer;
        this.posting = posting;
    }

    /** STAN and RRN follow from the row id: unique per terminal for a million top-ups. */
    static String stan(long id) {
        return String.format("%06d", id % 999_999 + 1);
    }

    static String rrn(long id) {
        return String.format("VT%010d", id % 10_000_000_000L);
    }

    TopUpRow authorize(TopUpRow row, FundingSources.Source source) throws SQLException {
        String pan = sources.cardNumber(source);
        SwitchAcquirer.Reply reply = acquirer.purchase(pan, source.expiry(), row.amount(), row.currency(), row.stan(), row.transmitted(), row.rrn());
        long now = System.currentTimeMillis();
        if (reply == null || reply.responseCode() == null || "91".equals(reply.responseCode()) || "96".equals(reply.responseCode())) {
            // The issuer may have approved what we never heard of: take it back before calling it failed.
            String code = reply == null ? null : reply.responseCode();
            String why = "the funding card's issuer did not answer" + (code == null ? "" : " (" + code + " " + meaning(code) + ")");
            return reverse(row, pan, why, code);
        }
        if (!reply.approved()) {
            try (Connection c = dataSource.getConnection()) {
                TopUpRow.setState(c, row.id(), TopUpRow.DECLINED, "the funding card was declined: " + reply.responseCode() + " "
                        + meaning(reply.responseCode()), null, reply.responseCode(), null, null, now);
                return TopUpRow.byId(c, row.id(), false);
            }
        }
        String refusal;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                TopUpRow current = TopUpRow.byId(c, row.id(), true);
                if (!current.state().equals(TopUpRow.AUTHORIZING)) {
                    // settled meanwhile by someone else (a recovery): the approval must not be loaded twice, nor kept
                    c.rollback();
                    return reverse(current, pan, "the top-up was settled elsewhere while the funding card was asked", reply.responseCode());
                }
                LoadPosting.Result r = posting.post(c, row.cardId(), row.amount(), LoadPosting.CARD_FUNDING, row.rrn(), now);
                refusal = r.refusal();
                if (refusal == null) {
                    TopUpRow.setState(c, row.id(), TopUpRow.COMPLETED, null, r.transferId(), reply.responseCode(), reply.approvalCode(), null, now);
                } else {
                    TopUpRow.setState(c, row.id(), TopUpRow.REVERSING, refusal, null, reply.responseCode(), reply.approvalCode(), null, now);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                // Approved by the card's issuer but not loaded: the approval must not stay on the customer's credit card.
                LOG.error("top-up {}: the load failed after the funding approval, reversing it: {}", row.id(), e.toString());
                markReversing(row.id(), "the load failed after the funding card approved it (" + e.getClass().getSimpleName() + ")");
                return reverse(row, pan, "the load failed after the funding card approved it", reply.responseCode());
            }
        }
        if (refusal == null) return reload(row.id());
        return reverse(row, pan, "the load was refused after the funding card approved it: " + refusal, reply.responseCode());
    }

    /** Takes back the funding authorization of {@code row} and records the top-up FAILED with {@code why} and the reversal's fate. */
    TopUpRow reverse(TopUpRow row, String pan, String why, String responseCode) throws SQLException {
        String fate = sendReversal(row, pan);
        String told = switch (fate) {
            case "REVERSED" -> "; the funding authorization was reversed";
            case "NOTHING_FOUND" -> "; the card's issuer had nothing to reverse";
            case "ADVISED" -> "; the reversal of the funding authorization is queued at the switch";
            default -> "; the reversal of the funding authorization went unanswered";
        };
        try (Connection c = dataSource.getConnection()) {
            TopUpRow.setState(c, row.id(), TopUpRow.FAILED, why + told, null, responseCode, null, fate, System.currentTimeMillis());
            return TopUpRow.byId(c, row.id(), false);
        }
    }

    String cardNumber(FundingSources.Source s) {
        return sources.cardNumber(s);
    }

    private String sendReversal(TopUpRow row, String pan) {
        String f7 = SwitchAcquirer.transmissionTime(row.transmitted());
        SwitchAcquirer.Reply a = acquirer.reversal("0400", pan, row.currency(), row.stan(), f7, row.rrn(), row.stan(), row.transmitted());
        for (int i = 0; a == null && i < REPEATS; i++) {
            pause(500L * (i + 1));
            a = acquirer.reversal("0401", pan, row.currency(), row.stan(), f7, row.rrn(), row.stan(), row.transmitted());
        }
        if (a != null && "00".equals(a.responseCode())) return "REVERSED";
        if (a != null && "25".equals(a.responseCode())) return "NOTHING_FOUND";
        // A 91 is kept by the switch for this key: a repeat would only hear it again. An advice (new field 7) is stored and forwarded.
        String f7advice = SwitchAcquirer.transmissionTime(f7);
        a = acquirer.reversal("0420", pan, row.currency(), row.stan(), f7advice, row.rrn(), row.stan(), row.transmitted());
        for (int i = 0; a == null && i < REPEATS; i++) {
            pause(500L * (i + 1));
            a = acquirer.reversal("0421", pan, row.currency(), row.stan(), f7advice, row.rrn(), row.stan(), row.transmitted());
        }
        LOG.warn("top-up {}: reversal 0400 not taken by the card's issuer, advice 0420 answered {}", row.id(), a == null ? "nothing" : a.responseCode());
        return a != null && "00".equals(a.responseCode()) ? "ADVISED" : "UNANSWERED";
    }

    private void markReversing(long id, String why) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            TopUpRow.setState(c, id, TopUpRow.REVERSING, why, null, null, null, null, System.currentTimeMillis());
        }
    }

    private TopUpRow reload(long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return TopUpRow.byId(c, id, false);
        }
    }

    private static String meaning(String code) {
        try {
            ResponseCode rc = ResponseCode.fromCode(code);
            return rc == ResponseCode.INSUFFICIENT_FUNDS ? "insufficient funds (over the card's credit limit)" : rc.meaning();
        } catch (IllegalArgumentException e) {
            return "unknown response code";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
