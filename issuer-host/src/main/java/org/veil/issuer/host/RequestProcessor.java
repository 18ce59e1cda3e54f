package org.veil.issuer.host;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.issuer.card.CardKeys;
import org.veil.issuer.card.CardRepository;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.card.PanVault;
import org.veil.issuer.card.ProductCatalog;
import org.veil.storage.GroupCommit;
import org.veil.issuer.ledger.AccountDirectory;
import org.veil.issuer.ledger.Ledger;
import org.veil.packagers.ResponseCode;

/**
 * Runs one host-link request in one database transaction: the repeat check on the idempotency key, the
 * decision (which locks the card account), the request log row, commit. A repeat gets the stored answer;
 * the same key with another card or amount gets 94; any failure rolls everything back and answers 96.
 * No answer leaves before what it reports (its own commit, or the stored answer a repeat reads) is durable.
 */
public final class RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RequestProcessor.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final GroupCommit groupCommit;
    private final PanVault pans;
    private final RequestJournal journal = new RequestJournal();
    private final PaymentAuthorizer payments;
    private final CompletionHandler completions;
    private final ReversalHandler reversals;

    public RequestProcessor(DataSource dataSource, GroupCommit groupCommit, ProductCatalog products, CardRepository cards, AccountDirectory accounts,
                            Ledger ledger, PanVault pans, CardKeys keys, OneTimeCodes codes) {
        this.dataSource = dataSource;
        this.groupCommit = groupCommit;
        this.pans = pans;
        OriginalFinder originals = new OriginalFinder(journal);
        this.payments = new PaymentAuthorizer(products, cards, accounts, ledger, new CardVerification(keys),
                new PinCheck(cards, pans, keys), codes);
        this.completions = new CompletionHandler(originals, journal, cards, products, ledger);
        this.reversals = new ReversalHandler(originals, journal, cards, products, ledger);
    }

    public Answer process(HostRequest r) {
        Answer answer = decide(r);
        groupCommit.awaitDurable();
        return answer;
    }

    private Answer decide(HostRequest r) {
        String key = r.key();
        String digest = r.digest(pans);
        String base = r.mti().substring(0, 3) + '0';
        PaymentAuthorizer.Kind kind = null;
        if (base.equals("2100") || base.equals("2120") || base.equals("2200")) {
            try {
                kind = PaymentAuthorizer.kindOf(base, r.processingCode());
            } catch (IllegalArgumentException e) {
                return Answer.of(ResponseCode.INVALID_TRANSACTION);
            }
        } else if (!base.equals("2220") && !base.equals("2400") && !base.equals("2420")) {
            return Answer.of(ResponseCode.INVALID_TRANSACTION);
        }
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    LoggedRequest prior = journal.byKey(c, key);
                    if (prior != null) {
                        c.rollback();
                        if (prior.reversedBeforeArrival()) return prior.answer();
                        return prior.digest().equals(digest) ? prior.answer() : Answer.of(ResponseCode.DUPLICATE_TRANSMISSION);
                    }
                    long now = System.currentTimeMillis();
                    Outcome o = switch (base) {
                        case "2220" -> completions.complete(c, r, now);
                        case "2400", "2420" -> reversals.reverse(c, r, now);
                        default -> payments.decide(c, r, kind, now);
                    };
                    journal.insert(c, r, key, digest, o, now);
                    c.commit();
                    return o.answer();
                } catch (SQLException e) {
                    c.rollback();
                    // Two copies of one request raced: the loser reads the winner's answer.
                    if (UNIQUE_VIOLATION.equals(e.getSQLState()) && attempt < 3) continue;
                    throw e;
                } catch (RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                LOG.error("request {} terminal {} stan {} failed, rolled back: {}", r.mti(), r.terminal(), r.stan(), e.toString(), e);
                return Answer.of(ResponseCode.SYSTEM_MALFUNCTION);
            }
        }
    }
}
