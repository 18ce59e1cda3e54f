package org.veil.issuer;

import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jpos.util.NameRegistrar;
import org.veil.issuer.admin.CardLoader;
import org.veil.issuer.card.CardIssuer;
import org.veil.issuer.confirm.Confirmations;
import org.veil.issuer.card.CardKeys;
import org.veil.issuer.card.CardRepository;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.card.PanVault;
import org.veil.issuer.card.PinSetter;
import org.veil.issuer.card.ProductCatalog;
import org.veil.storage.GroupCommit;
import org.veil.storage.KeyFilter;
import org.veil.issuer.db.IssuerDatabase;
import org.veil.issuer.holds.HoldSweeper;
import org.veil.issuer.host.RequestProcessor;
import org.veil.issuer.ledger.AccountDirectory;
import org.veil.issuer.ledger.Ledger;
import org.veil.issuer.ledger.LedgerAudit;

/** The issuer's parts wired once over one DataSource; the Q2 services find it in the NameRegistrar. */
public final class Issuer {
    private final DataSource dataSource;
    private final GroupCommit groupCommit;
    private final ProductCatalog products;
    private final Ledger ledger = new Ledger();
    private final AccountDirectory accounts;
    private final CardRepository cards;
    private final CardIssuer cardIssuer;
    private final PinSetter pins;
    private final RequestProcessor requests;
    private final HoldSweeper holdSweeper;
    private final LedgerAudit audit;
    private final CardLoader cardLoader;
    private final OneTimeCodes oneTimeCodes;
    private final Confirmations confirmations;
    private final PanVault pans;
    private final CardKeys cardKeys;

    /** {@code requestKeys}: an empty filter, sized for the request log's idempotency keys. */
    public Issuer(DataSource dataSource, GroupCommit groupCommit, ProductCatalog products, PanVault pans, CardKeys keys,
                  KeyFilter requestKeys) {
        this.dataSource = dataSource;
        this.pans = pans;
        this.cardKeys = keys;
        this.groupCommit = groupCommit;
        this.products = products;
        this.accounts = new AccountDirectory(dataSource);
        this.cards = new CardRepository(pans);
        this.pins = new PinSetter(pans, keys);
        this.cardIssuer = new CardIssuer(dataSource, products, accounts, pans, keys, pins);
        this.oneTimeCodes = new OneTimeCodes(dataSource, products, cards, pans);
        this.confirmations = new Confirmations(dataSource);
        this.requests = new RequestProcessor(dataSource, groupCommit, products, cards, accounts, ledger, pans, keys, oneTimeCodes, confirmations,
                requestKeys);
        this.holdSweeper = new HoldSweeper(dataSource, ledger);
        this.audit = new LedgerAudit(dataSource);
        this.cardLoader = new CardLoader(dataSource, products, cards, accounts, ledger);
    }

    /** The running issuer, waiting up to the given time for the database service to register it. */
    public static Issuer await(long millis) {
        Object o = NameRegistrar.get(IssuerDatabase.REGISTRY_NAME, millis);
        if (o instanceof Issuer issuer) return issuer;
        if (o instanceof IssuerDatabase.StartFailure f) throw new IllegalStateException("the issuer database service did not start: " + f.reason());
        throw new IllegalStateException("the issuer database service is not running (" + IssuerDatabase.REGISTRY_NAME + " not registered)");
    }

    public static Issuer await() {
        return await(TimeUnit.SECONDS.toMillis(30));
    }

    public DataSource dataSource() { return dataSource; }
    public GroupCommit groupCommit() { return groupCommit; }
    public ProductCatalog products() { return products; }
    public Ledger ledger() { return ledger; }
    public AccountDirectory accounts() { return accounts; }
    public CardRepository cards() { return cards; }
    public CardIssuer cardIssuer() { return cardIssuer; }
    public PinSetter pins() { return pins; }
    public RequestProcessor requests() { return requests; }
    public HoldSweeper holdSweeper() { return holdSweeper; }
    public LedgerAudit audit() { return audit; }
    public CardLoader cardLoader() { return cardLoader; }
    public OneTimeCodes oneTimeCodes() { return oneTimeCodes; }
    public Confirmations confirmations() { return confirmations; }

    /** Card numbers at rest: also seals the numbers of the wallet's funding cards. */
    public PanVault pans() { return pans; }

    /** The zone PIN key, PVK and CVK the issuer checks PINs and CVVs with. */
    public CardKeys cardKeys() { return cardKeys; }
}
