package org.veil.issuer.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veil.http.ApiError;
import org.veil.http.ApiCommandLine;
import org.veil.http.JsonClient;
import org.veil.http.JsonClient.Reply;
import org.veil.issuer.card.CardUse;
import org.veil.issuer.card.OneTimeCodes;
import org.veil.issuer.card.PinSetter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line for the issuer's admin HTTP API. Every failure is one line on stderr. Exit 0 done; 1 the API
 * refused (its reason is the line) or the audit failed; 2 bad usage, nothing sent; 3 the API cannot be reached.
 */
@Command(name = "veil", mixinStandardHelpOptions = true, description = "Veil issuer administration",
        footer = "Exit: 0 done, 1 refused by the API (or the audit failed), 2 bad usage, 3 the API cannot be reached.",
        subcommands = {AdminCli.Products.class, AdminCli.CardCommand.class, AdminCli.MerchantCommand.class,
                AdminCli.HoldsCommand.class, AdminCli.Audit.class, GatewayCommand.class, StatementsCommand.class,
                BankTransferCommand.class})
public final class AdminCli extends ApiCommandLine {

    @Option(names = "--admin-url", description = "admin API base URL (default http://127.0.0.1:${veil.admin.port:-8081})")
    String adminUrl;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given output streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return ApiCommandLine.run(new AdminCli(), args, out, err);
    }

    AdminCli() {
        super("veil");
    }

    @Override
    public Integer call() {
        throw new Usage("missing command: products, card, merchant, holds, audit, gateway, statements or bank-transfer (see --help)");
    }

    /** A card id or a PAN that passes Luhn, checked here so that a typo is a usage error and nothing is sent. */
    static String cardRef(String ref) {
        try {
            CardRef.parse(ref);
            return ref;
        } catch (ApiError e) {
            throw new Usage(e.getMessage());
        }
    }

    Reply call(String method, String path, Map<String, Object> body) {
        URI base;
        try {
            base = JsonClient.base(adminUrl, "--admin-url", "veil.admin.port", "8081");
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
        return new JsonClient(base, "issuer admin API", "is the issuer host running?").call(method, path, body);
    }

    /** A path segment as typed, encoded: a space or a '?' in it stays part of it. */
    /** A PIN as typed, checked here so that a typo is a usage error; the line never repeats it. */
    static String pin(String pin) {
        try {
            PinSetter.check(pin);
            return pin;
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String money(JsonNode n) {
        long v = n.asLong();
        return String.format("%s%d.%02d", v < 0 ? "-" : "", Math.abs(v) / 100, Math.abs(v) % 100);
    }

    @Command(name = "products", description = "list the card products")
    static final class Products implements Callable<Integer> {
        @CommandLine.ParentCommand AdminCli cli;

        @Override
        public Integer call() {
            return cli.show(cli.call("GET", "/products", null), n -> {
                cli.out.printf("%-16s %-8s %-8s %14s %14s %12s%n", "PRODUCT", "BIN", "CURRENCY", "MAX TXN", "MAX BALANCE", "HOLD EXPIRY");
                for (JsonNode p : n) {
                    cli.out.printf("%-16s %-8s %-8s %14s %14s %11ds%n", p.get("code").asText(), p.get("bin").asText(),
                            p.get("currency").asText(), money(p.get("maxTransaction")), money(p.get("maxBalance")),
                            p.get("holdExpirySeconds").asLong());
                }
            });
        }
    }

    @Command(name = "card", description = "issue, load, show and change cards",
            subcommands = {CardCommand.Issue.class, CardCommand.Load.class, CardCommand.Show.class, CardCommand.Block.class,
                    CardCommand.Unblock.class, CardCommand.State.class, CardCommand.Pin.class, CardCommand.OneTimeCode.class, CardCommand.Ship.class})
    static final class CardCommand implements Callable<Integer> {
        @CommandLine.ParentCommand AdminCli cli;

        @Override
        public Integer call() {
            throw new Usage("card needs a subcommand: issue, load, show, block, unblock, state, pin, otc, ship");
        }

        void printCard(JsonNode c) {
            cli.out.printf("card %s  %s  expiry %s  %s  %s %s  PIN %s%n", c.get("id").asText(), c.get("maskedPan").asText(),
                    c.get("expiry").asText(), c.get("state").asText(), c.get("product").asText(), c.get("currency").asText(),
                    !c.path("pinSet").asBoolean() ? "none" : c.path("pinLocked").asBoolean() ? "LOCKED" : "set");
            cli.out.printf("  ledger %s  available %s%n", money(c.get("ledger")), money(c.get("available")));
            JsonNode holds = c.get("holds");
            if (holds != null && !holds.isEmpty()) {
                cli.out.println("  holds:");
                for (JsonNode h : holds) {
                    cli.out.printf("    #%-6s %12s  %-8s expires %s%n", h.get("id").asText(), money(h.get("amount")),
                            h.get("status").asText(), h.get("expiresAt").asText());
                }
            }
            JsonNode entries = c.get("entries");
            if (entries != null && !entries.isEmpty()) {
                cli.out.println("  entries:");
                for (JsonNode e : entries) {
                    cli.out.printf("    %s  %-9s %12s  %-8s %s%n", e.get("time").asText(), e.get("type").asText(),
                            money(e.get("amount")), e.get("status").asText(), e.get("reference").isNull() ? "" : e.get("reference").asText());
                }
            }
        }

        @Command(name = "issue", description = "issue a new card")
        static final class Issue implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Option(names = "--product", required = true, description = "product code, e.g. PREPAID-USD") String product;
            @Option(names = "--pin", description = "the card's PIN, 4 to 12 digits (default: no PIN)") String pin;
            @Option(names = "--use", description = "single (closes after its first approval) or merchant-locked (default: any)") String use;

            @Override
            public Integer call() {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("product", product);
                if (pin != null) body.put("pin", pin(pin));
                if (use != null) {
                    try {
                        body.put("use", CardUse.parse(use).label);
                    } catch (IllegalArgumentException e) {
                        throw new Usage("--use " + e.getMessage().substring(e.getMessage().indexOf("is ")));
                    }
                }
                return parent.cli.show(parent.cli.call("POST", "/cards", body), c -> {
                    parent.cli.out.printf("issued card %s: PAN %s expiry %s CVV2 %s (%s, %s)%n", c.get("id").asText(),
                            c.get("pan").asText(), c.get("expiry").asText(), c.get("cvv2").asText(),
                            c.get("product").asText(), c.get("currency").asText());
                    parent.cli.out.printf("  track 2 %s  iCVV %s  PIN %s  use %s%n", c.path("track2").asText(), c.path("icvv").asText(),
                            pin != null ? "set" : "none", c.path("use").asText("any"));
                });
            }
        }

        @Command(name = "ship", description = "record that a wallet's physical card has been shipped (its holder then activates it)")
        static final class Ship implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Parameters(index = "0", description = "card id or PAN") String ref;

            @Override
            public Integer call() {
                return parent.cli.show(parent.cli.call("POST", "/cards/" + cardRef(ref) + "/fulfilment", Map.of("state", "shipped")),
                        n -> parent.cli.out.println("card " + n.get("id").asText() + " shipped"));
            }
        }

        @Command(name = "pin", description = "set a card's PIN (and lift a PIN lock)")
        static final class Pin implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Parameters(index = "0", description = "card id or PAN") String ref;
            @Parameters(index = "1", description = "the new PIN, 4 to 12 digits") String pin;

            @Override
            public Integer call() {
                cardRef(ref);
                return parent.cli.show(parent.cli.call("POST", "/cards/" + ref + "/pin", Map.of("pin", pin(pin))), parent::printCard);
            }
        }

        @Command(name = "otc", description = "mint a one-time code that pays once with the card (shown once)")
        static final class OneTimeCode implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Parameters(index = "0", description = "card id or PAN") String ref;
            @Option(names = "--max", required = true, description = "the most it may pay, in minor units") long max;
            @Option(names = "--expires", required = true, description = "seconds it stays valid (1 to 2592000)") long expires;
            @Option(names = "--merchant", description = "the only merchant (field 42) it pays") String merchant;

            @Override
            public Integer call() {
                cardRef(ref);
                if (max <= 0) throw new Usage("--max must be a positive number of minor units, got " + max);
                if (expires <= 0 || expires > OneTimeCodes.MAX_LIFETIME_SECONDS) {
                    throw new Usage("--expires must be 1 to " + OneTimeCodes.MAX_LIFETIME_SECONDS + " seconds, got " + expires);
                }
                if (merchant != null && (merchant.isBlank() || merchant.strip().length() > 15)) {
                    throw new Usage("--merchant must be a merchant id (field 42) of 1 to 15 characters");
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("maxAmount", max);
                body.put("expiresInSeconds", expires);
                if (merchant != null) body.put("merchant", merchant);
                return parent.cli.show(parent.cli.call("POST", "/cards/" + ref + "/one-time-codes", body), b ->
                        parent.cli.out.printf("one-time code %s: pays at most %s %s with card %s until %s%s%n", b.get("code").asText(),
                                money(b.get("maxAmount")), b.get("currency").asText(), b.get("card").asText(), b.get("expiresAt").asText(),
                                b.get("merchant").isNull() ? "" : " at merchant " + b.get("merchant").asText()));
            }
        }

        @Command(name = "load", description = "top up a card (amount in minor units)")
        static final class Load implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Parameters(index = "0", description = "card id or PAN") String ref;
            @Parameters(index = "1", description = "amount in minor units") long amount;
            @Option(names = "--reference", description = "idempotency reference") String reference;

            @Override
            public Integer call() {
                cardRef(ref);
                if (amount <= 0) throw new Usage("amount must be a positive number of minor units, got " + amount);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("amount", amount);
                if (reference != null) body.put("reference", reference);
                return parent.cli.show(parent.cli.call("POST", "/cards/" + ref + "/load", body), b ->
                        parent.cli.out.printf("loaded: ledger %s available %s%n", money(b.get("ledger")), money(b.get("available"))));
            }
        }

        @Command(name = "show", description = "show a card, its holds and entries")
        static final class Show implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Parameters(index = "0", description = "card id or PAN") String ref;

            @Override
            public Integer call() {
                return parent.cli.show(parent.cli.call("GET", "/cards/" + cardRef(ref), null), parent::printCard);
            }
        }

        @Command(name = "block", description = "block a card")
        static final class Block implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Parameters(index = "0", description = "card id or PAN") String ref;

            @Override
            public Integer call() {
                return parent.setState(ref, "BLOCKED");
            }
        }

        @Command(name = "unblock", description = "make a card ACTIVE again")
        static final class Unblock implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Parameters(index = "0", description = "card id or PAN") String ref;

            @Override
            public Integer call() {
                return parent.setState(ref, "ACTIVE");
            }
        }

        @Command(name = "state", description = "set a card's state: ACTIVE, BLOCKED, LOST, STOLEN or CLOSED")
        static final class State implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Parameters(index = "0", description = "card id or PAN") String ref;
            @Parameters(index = "1", description = "ACTIVE, BLOCKED, LOST, STOLEN or CLOSED") String state;

            @Override
            public Integer call() {
                cardRef(ref);
                String s = state.toUpperCase(Locale.ROOT);
                if (!s.matches("ACTIVE|BLOCKED|LOST|STOLEN|CLOSED")) throw new Usage("state must be ACTIVE, BLOCKED, LOST, STOLEN or CLOSED, got '" + state + "'");
                return parent.setState(ref, s);
            }
        }

        int setState(String ref, String state) {
            return cli.show(cli.call("POST", "/cards/" + cardRef(ref) + "/state", Map.of("state", state)), this::printCard);
        }
    }

    @Command(name = "merchant", description = "merchant settlement accounts", subcommands = MerchantCommand.Show.class)
    static final class MerchantCommand implements Callable<Integer> {
        @CommandLine.ParentCommand AdminCli cli;

        @Override
        public Integer call() {
            throw new Usage("merchant needs a subcommand: show");
        }

        @Command(name = "show", description = "show a merchant's balance and payments")
        static final class Show implements Callable<Integer> {
            @CommandLine.ParentCommand MerchantCommand parent;
            @Parameters(index = "0", description = "merchant id (field 42)") String id;

            @Override
            public Integer call() {
                return parent.cli.show(parent.cli.call("GET", "/merchants/" + segment(id), null), m -> {
                    parent.cli.out.printf("merchant %s  ledger %s %s%n", m.get("merchantId").asText(), money(m.get("ledger")),
                            m.get("currency").asText());
                    for (JsonNode p : m.get("payments")) {
                        parent.cli.out.printf("  %s  %-9s %12s %s  %s  rrn %s%n", p.get("time").asText(), p.get("type").asText(),
                                money(p.get("amount")), p.get("currency").asText(), p.get("maskedPan").asText(""),
                                p.get("rrn").asText(""));
                    }
                });
            }
        }
    }

    @Command(name = "holds", description = "holds", subcommands = HoldsCommand.Expire.class)
    static final class HoldsCommand implements Callable<Integer> {
        @CommandLine.ParentCommand AdminCli cli;

        @Override
        public Integer call() {
            throw new Usage("holds needs a subcommand: expire");
        }

        @Command(name = "expire", description = "release the holds past their expiry now")
        static final class Expire implements Callable<Integer> {
            @CommandLine.ParentCommand HoldsCommand parent;

            @Override
            public Integer call() {
                return parent.cli.show(parent.cli.call("POST", "/holds/expire", null), n ->
                        parent.cli.out.println("expired " + n.get("expired").asInt() + " hold(s)"));
            }
        }
    }

    @Command(name = "audit", description = "check the ledger's invariants (exit 1 when they do not hold)")
    static final class Audit implements Callable<Integer> {
        @CommandLine.ParentCommand AdminCli cli;

        @Override
        public Integer call() {
            Reply r = cli.call("GET", "/audit", null);
            int code = cli.show(r, n -> {
                cli.out.printf("audit %s: %d accounts, postings sum %d%n", n.get("ok").asBoolean() ? "OK" : "FAILED",
                        n.get("accounts").asInt(), n.get("postingsSum").asLong());
                for (JsonNode v : n.get("violations")) cli.out.println("  violation: " + v.asText());
            });
            return code != 0 ? code : (r.body().get("ok").asBoolean() ? 0 : 1);
        }
    }
}
