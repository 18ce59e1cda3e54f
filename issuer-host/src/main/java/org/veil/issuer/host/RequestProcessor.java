package org.veil.issuer.host;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.veil.issuer.db.RetriedTransaction;
import org.veil.issuer.card.CardKeys;
import org.veil.issuer.card.CardRepository;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.card.PanVault;
import org.veil.issuer.card.ProductCatalog;
import org.veil.issuer.confirm.Confirmations;
import org.veil.storage.GroupCommit;
import org.veil.issuer.ledger.AccountDirectory;
import org.veil.issuer.ledger.Ledger;
import org.veil.packagers.ResponseCode;
import org.veil.storage.KeyFilter;

/**
 * Runs one host-link request in one database transaction: the repeat check on the idempotency key, the
 * decision (which locks the card account), the request log row, commit. A repeat gets the stored answer;
 * the same key with another card or amount gets 94; any failure rolls everything back and answers 96.
 * No answer leaves before what it reports (its own commit, or the stored answer a repeat reads) is durable.
 */
public final class RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RequestProcessor.class);

    private final DataSource dataSource;
    private final GroupCommit groupCommit;
    private final PanVault pans;
    private final RequestJournal journal;
    private final PaymentAuthorizer payments;
    private final CompletionHandler completions;
    private final ReversalHandler reversals;
    private final Confirmations confirmations;

    public RequestProcessor(DataSource dataSource, GroupCommit groupCommit, ProductCatalog products, CardRepository cards, AccountDirectory accounts,
                            Ledger ledger, PanVault pans, CardKeys keys, OneTimeCodes codes, Confirmations confirmations,
                            KeyFilter requestKeys) {
        this.dataSource = dataSource;
        this.journal = new RequestJournal(requestKeys);
        this.groupCommit = groupCommit;
        this.pans = pans;
        this.confirmations = confirmations;
        OriginalFinder originals = new OriginalFinder(journal);
        this.payments = new PaymentAuthorizer(products, cards, accounts, ledger, new CardVerification(keys),
                new PinCheck(cards, pans, keys), codes, confirmations);
        this.completions = new CompletionHandler(originals, journal, cards, products, ledger);
        this.reversals = new ReversalHandler(originals, journal, cards, products, ledger);
        // In the background: with a million rows the scan takes a second or two, and until it ends keys are looked up.
        Thread.ofPlatform().daemon().name("request-log-keys").start(() -> journal.learnKeys(dataSource));
    }

    /** The answer, waiting here (up to the host link's deadline) when the payment waits for its cardholder. */
    public Answer process(HostRequest r) {
        return processAsync(r, confirmations.isoDeadlineMillis(), Runnable::run).join();
    }

    /**
     * The answer, now or (for a payment that waits for its cardholder's confirmation) once the holder has answered or
     * {@code confirmWithinMillis} has passed: no thread waits meanwhile, and the request is then decided again on
     * {@code executor}. A repeat that arrives while it waits joins the same confirmation. The host link uses its short
     * deadline; another channel (a gateway) may give its cardholder longer.
     */
    public CompletableFuture<Answer> processAsync(HostRequest r, long confirmWithinMillis, Executor executor) {
        Decision d = decide(r);
        if (d.awaiting() == null) {
            groupCommit.awaitDurable();
            return CompletableFuture.completedFuture(d.answer());
        }
        CompletableFuture<Void> verdict;
        try {
            verdict = confirmations.open(d.awaiting(), confirmWithinMillis);
        } catch (SQLException | RuntimeException e) {
            LOG.error("request {} terminal {} stan {}: cannot ask for its confirmation: {}", r.mti(), r.terminal(), r.stan(), e.toString(), e);
            return CompletableFuture.completedFuture(Answer.of(ResponseCode.SYSTEM_MALFUNCTION));
        }
        return verdict.thenComposeAsync(v -> processAsync(r, confirmWithinMillis, executor), executor);
    }

    /** Whether the repeat check skips the table for keys the request log's filter rules out (its startup scan is done). */
    public boolean filteringKeys() {
        return journal.filtering();
    }

    /** How long the host link lets a cardholder confirm a payment (below the switch's issuer timeout). */
    public long confirmWithinMillis() {
        return confirmations.isoDeadlineMillis();
    }

    /** An answer, or the confirmation the payment waits for (then nothing was written). */
    private record Decision(Answer answer, Confirmations.Ask awaiting) {
        static Decision of(Answer a) {
            return new Decision(a, null);
        }
    }

    private Decision decide(HostRequest r) {
        String key = r.key();
        String digest = r.digest(pans);
        String base = r.mti().substring(0, 3) + '0';
        PaymentAuthorizer.Kind kind = null;
        if (base.equals("2100") || base.equals("2120") || base.equals("2200")) {
            try {
                kind = PaymentAuthorizer.kindOf(base, r.processingCode());
            } catch (IllegalArgumentException e) {
                return Decision.of(Answer.of(ResponseCode.INVALID_TRANSACTION));
            }
        } else if (!base.equals("2220") && !base.equals("2400") && !base.equals("2420")) {
            return Decision.of(Answer.of(ResponseCode.INVALID_TRANSACTION));
        }
        PaymentAuthorizer.Kind paymentKind = kind;
        try {
            // Two copies of one request raced: the loser's next attempt reads the winner's answer.
            return RetriedTransaction.run(dataSource, c -> {
                LoggedRequest prior = journal.byKey(c, key);
                if (prior != null) {
                    if (prior.reversedBeforeArrival()) return Decision.of(prior.answer());
                    return Decision.of(prior.digest().equals(digest) ? prior.answer() : Answer.of(ResponseCode.DUPLICATE_TRANSMISSION));
                }
                long now = System.currentTimeMillis();
                Outcome o = switch (base) {
                    case "2220" -> completions.complete(c, r, now);
                    case "2400", "2420" -> reversals.reverse(c, r, now);
                    default -> payments.decide(c, r, paymentKind, now);
                };
                if (o.awaiting != null) {
                    c.rollback(); // nothing of it stays until the cardholder has answered
                    return new Decision(null, o.awaiting);
                }
                journal.insert(c, r, key, digest, o, now);
                return Decision.of(o.answer());
            });
        } catch (SQLException | RuntimeException e) {
            LOG.error("request {} terminal {} stan {} failed, rolled back: {}", r.mti(), r.terminal(), r.stan(), e.toString(), e);
            return Decision.of(Answer.of(ResponseCode.SYSTEM_MALFUNCTION));
        }
    }
}
