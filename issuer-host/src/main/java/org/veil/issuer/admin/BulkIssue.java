package org.veil.issuer.admin;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.veil.issuer.IssuerSettings;
import org.veil.issuer.card.CardIssuer;
import org.veil.issuer.card.CardKeys;
import org.veil.issuer.card.CardState;
import org.veil.issuer.card.CardUse;
import org.veil.issuer.card.IssuedCard;
import org.veil.issuer.card.IssuerKeys;
import org.veil.issuer.card.PanVault;
import org.veil.issuer.card.PinSetter;
import org.veil.issuer.card.Product;
import org.veil.issuer.card.ProductCatalog;
import org.veil.issuer.card.CardRepository;
import org.veil.issuer.db.IssuerDatabase;
import org.veil.issuer.ledger.AccountDirectory;
import org.veil.issuer.ledger.Balance;
import org.veil.issuer.ledger.Ledger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issues many loaded cards for a benchmark straight into a STOPPED issuer's database (H2 refuses a second opener):
 * the very steps of {@code POST /cards} and {@code POST /cards/{ref}/load} (CardIssuer: PAN vault cipher and keyed
 * hash, CVV from the keys, card account; CardLoader: load limits, a LOAD transfer from ADMIN-LOAD, the request log
 * row), only {@code --batch} cards per JDBC transaction instead of one HTTP call per card. Writes {@code pan,expiry}
 * lines (owner-only file) for the load generator; no card number goes to the console.
 */
@Command(name = "bulk-issue", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Issue and load N cards into a stopped issuer host's database, in big transactions (for benchmarks).",
                "Database, cfg and keystore come from the issuer host's -Dveil.* properties (veil.data.dir, veil.db.url, "
                        + "veil.cfg.dir, veil.keystore)."})
public final class BulkIssue implements Callable<Integer> {
    /** What to issue and where: the database, the products file and keystore, and the cards file to write. */
    public record Plan(String dbUrl, Path productsFile, Path keystore, char[] keystorePassword, String product, int count,
                       long load, int batch, Path cardsFile) {}

    /** How a run went: cards issued and loaded, and how long it took. */
    public record Result(int cards, Duration took) {
        public double cardsPerSecond() {
            return cards / Math.max(took.toNanos() / 1e9, 1e-9);
        }
    }

    private static final Balance NEW_ACCOUNT = new Balance(0, 0, 0, 0);

    @Option(names = "--count", required = true, description = "cards to issue and load")
    int count;
    @Option(names = "--product", defaultValue = "PREPAID-USD", description = "card product (default: ${DEFAULT-VALUE})")
    String product;
    @Option(names = "--load", defaultValue = "100000", description = "minor units loaded on each card (default: ${DEFAULT-VALUE})")
    long load;
    // Measured on H2: 200 a transaction beat 5000 (a big transaction makes each statement dearer).
    @Option(names = "--batch", defaultValue = "200", description = "cards per database transaction (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--cards-file", required = true, description = "file to write pan,expiry lines to (replaced; keep it out of the repository)")
    Path cardsFile;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BulkIssue());
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println("bulk-issue: " + e.getMessage());
            return 2;
        });
        cl.setExecutionExceptionHandler((e, c, r) -> {
            System.err.println("bulk-issue: " + (e.getMessage() == null ? e.toString() : e.getMessage().strip().lines().findFirst().orElse("")));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1) throw new IllegalArgumentException("--count must be at least 1, got " + count);
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        if (load < 1) throw new IllegalArgumentException("--load must be at least 1 minor unit, got " + load);
        IssuerSettings.applyDefaults();
        Plan plan = new Plan(IssuerSettings.get("veil.db.url"), Path.of(IssuerSettings.get("veil.cfg.dir"), "issuer", "products.yml"),
                Path.of(IssuerSettings.get("veil.keystore")), IssuerSettings.get("veil.keystore.password").toCharArray(),
                product, count, load, batch, cardsFile);
        Result r = run(plan);
        System.out.printf(Locale.ROOT, "veil bulk-issue: %d %s cards issued and loaded with %d each in %.1f s (%.0f cards/s); card numbers in %s%n",
                r.cards(), product, load, r.took().toMillis() / 1000.0, r.cardsPerSecond(), cardsFile);
        return 0;
    }

    /**
     * Issues and loads {@code plan.count()} cards, {@code plan.batch()} per transaction; the cards file holds only
     * committed cards. IllegalArgumentException (one line) for a bad product, file or key; SQLException from the database.
     */
    public static Result run(Plan plan) throws IOException, SQLException {
        ProductCatalog products = ProductCatalog.load(plan.productsFile());
        Product p = products.get(plan.product());
        if (p == null) throw new IllegalArgumentException("unknown product '" + plan.product() + "'");
        if (plan.load() > p.maxBalance()) {
            throw new IllegalArgumentException("--load " + plan.load() + " is above product " + p.code() + "'s maximum balance " + p.maxBalance());
        }
        IssuerKeys keys = IssuerKeys.open(plan.keystore(), plan.keystorePassword());
        Path parent = plan.cardsFile().toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) throw new IllegalArgumentException("directory " + parent + " does not exist");
        long t0 = System.nanoTime();
        try (HikariDataSource ds = IssuerDatabase.open(plan.dbUrl(), null, null, 2, products);
             BufferedWriter out = ownerOnly(plan.cardsFile())) {
            Steps steps = new Steps(ds, products, keys.pans(), keys.cards());
            long funding = steps.loader.fundingAccount(p.currency());
            int done = 0;
            List<IssuedCard> committed = new ArrayList<>(Math.min(plan.batch(), plan.count()));
            while (done < plan.count()) {
                int n = Math.min(plan.batch(), plan.count() - done);
                issueBatch(ds, steps, p, funding, plan.load(), n, committed);
                for (IssuedCard c : committed) {
                    out.write(c.pan());
                    out.write(',');
                    out.write(c.card().expiry());
                    out.newLine();
                }
                done += n;
                committed.clear();
            }
            return new Result(done, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** The issuer's own pieces, wired as the host wires them (Issuer), without the rest of the host. */
    private record Steps(CardIssuer issuer, CardLoader loader) {
        Steps(DataSource ds, ProductCatalog products, PanVault pans, CardKeys keys) {
            this(ds, products, pans, keys, new AccountDirectory(ds), new Ledger());
        }

        private Steps(DataSource ds, ProductCatalog products, PanVault pans, CardKeys keys, AccountDirectory accounts, Ledger ledger) {
            this(new CardIssuer(ds, products, accounts, pans, keys, new PinSetter(pans, keys)),
                    new CardLoader(ds, products, new CardRepository(pans), accounts, ledger));
        }
    }

    private static void issueBatch(DataSource ds, Steps steps, Product p, long funding, long load, int n, List<IssuedCard> into)
            throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (int i = 0; i < n; i++) {
                    IssuedCard card = steps.issuer().issue(c, p, null, CardState.ACTIVE, CardUse.ANY);
                    // The account was opened by this transaction (its row is ours until commit): its balance is zero.
                    steps.loader().credit(c, card.card(), p, funding, load, "bulk-" + card.card().id(), NEW_ACCOUNT,
                            System.currentTimeMillis());
                    into.add(card);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                into.clear();
                throw e;
            }
        }
    }

    /** The cards file, replaced, readable by its owner only where the file system has POSIX permissions. */
    private static BufferedWriter ownerOnly(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
    }
}
