package org.veil.issuer.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veil.http.ApiCommandLine;
import org.veil.http.SecretValue;
import org.veil.http.JsonClient;
import org.veil.http.JsonClient.Reply;
import org.veil.issuer.card.PinSetter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line for the cardholder (wallet) API. Every failure is one line on stderr. Exit 0 done; 1 the API refused
 * (its reason is the line); 2 bad usage, nothing sent; 3 the API cannot be reached. The session token comes from
 * --token or the VEIL_WALLET_TOKEN environment variable (login prints it).
 */
@Command(name = "wallet", mixinStandardHelpOptions = true, description = "Veil cardholder wallet",
        footer = "Exit: 0 done, 1 refused by the API, 2 bad usage, 3 the API cannot be reached.",
        subcommands = {WalletCli.Register.class, WalletCli.Login.class, WalletCli.Logout.class, WalletCli.ResetPassword.class,
                WalletCli.Cards.class, WalletCli.CardCommand.class, WalletCodesCommands.Otc.class, WalletCodesCommands.Pending.class,
                WalletCodesCommands.Confirm.class,
                FundingCommands.List.class, FundingCommands.Source.class, FundingCommands.TopUp.class, FundingCommands.TopUps.class})
public final class WalletCli extends ApiCommandLine {
    static final String TOKEN_ENV = "VEIL_WALLET_TOKEN";

    @Option(names = "--wallet-url", description = "wallet API base URL (default http://127.0.0.1:${veil.wallet.port:-8080})")
    String walletUrl;

    @Option(names = "--token", preprocessor = SecretValue.class, description = "session token (default: $" + TOKEN_ENV + ")")
    String token;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return ApiCommandLine.run(new WalletCli(), args, out, err);
    }

    WalletCli() {
        super("wallet");
    }

    @Override
    public Integer call() {
        throw new Usage("missing command: register, login, logout, reset-password, cards, card, funding-sources, funding-source, top-up or top-ups (see --help)");
    }

    Reply call(String method, String path, Map<String, Object> body, boolean authorized) {
        String bearer = null;
        if (authorized) {
            bearer = token != null ? token : System.getenv(TOKEN_ENV);
            if (bearer == null || bearer.isBlank()) throw new Usage("this command needs a session: --token or $" + TOKEN_ENV + " (from wallet login)");
        }
        URI base;
        try {
            base = JsonClient.base(walletUrl, "--wallet-url", "veil.wallet.port", "8080");
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
        return new JsonClient(base, "wallet API", "is the issuer host running?").call(method, path, body, bearer);
    }

    static String customerId(String id) {
        if (!id.matches("[A-Za-z0-9._@-]{3,64}")) throw new Usage("a customer id is 3 to 64 letters, digits or . _ - @");
        return id;
    }

    static long cardId(String raw) {
        if (!raw.matches("[0-9]{1,11}") || Long.parseLong(raw) < 1) throw new Usage("a card is named by its id (a number from 'wallet cards'), got '" + raw + "'");
        return Long.parseLong(raw);
    }

    static String money(JsonNode n) {
        long v = n.asLong();
        return String.format("%s%d.%02d", v < 0 ? "-" : "", Math.abs(v) / 100, Math.abs(v) % 100);
    }

    void printCard(JsonNode c) {
        out.printf("card %s  %-20s %s  %-8s %s%s  %s%n", c.get("id").asText(), "\"" + c.get("name").asText() + "\"", c.get("maskedPan").asText(),
                c.get("type").asText(), c.get("state").asText(),
                c.path("fulfilment").isTextual() ? " (" + c.get("fulfilment").asText().toLowerCase(Locale.ROOT) + ")" : "",
                c.has("ledger") ? money(c.get("ledger")) + " " + c.get("currency").asText() + " available " + money(c.get("available")) : "");
        JsonNode entries = c.get("entries");
        if (entries != null) {
            for (JsonNode e : entries) {
                out.printf("    %s  %-9s %12s  %s%n", e.get("time").asText(), e.get("type").asText(), money(e.get("amount")), e.get("status").asText());
            }
        }
    }

    @Command(name = "register", description = "register a customer (id and password only; contact and recovery optional)")
    static final class Register implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;
        @Option(names = "--customer-id", required = true) String id;
        @Option(names = "--password", required = true, description = "at least 10 characters, not all of one kind") String password;
        @Option(names = "--nickname") String nickname;
        @Option(names = "--email", description = "for statements") String email;
        @Option(names = "--phone", description = "for statements, e.g. +15551234567") String phone;
        @Option(names = "--recovery-question") String question;
        @Option(names = "--recovery-answer") String answer;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("customerId", customerId(id));
            body.put("password", password);
            if ((question == null) != (answer == null)) throw new Usage("--recovery-question and --recovery-answer go together");
            if (nickname != null) body.put("nickname", nickname);
            if (email != null) body.put("email", email);
            if (phone != null) body.put("phone", phone);
            if (question != null) body.put("recoveryQuestion", question);
            if (answer != null) body.put("recoveryAnswer", answer);
            return cli.show(cli.call("POST", "/customers", body, false), n -> cli.out.println("registered " + n.get("customerId").asText()));
        }
    }

    @Command(name = "login", description = "log in; prints the session token (use it with --token or $" + TOKEN_ENV + ")")
    static final class Login implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;
        @Option(names = "--customer-id", required = true) String id;
        @Option(names = "--password", required = true) String password;

        @Override
        public Integer call() {
            return cli.show(cli.call("POST", "/sessions", Map.of("customerId", id, "password", password), false), n ->
                    cli.out.println(n.get("token").asText() + "  (expires " + n.get("expiresAt").asText() + ")"));
        }
    }

    @Command(name = "logout", description = "end the session")
    static final class Logout implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;

        @Override
        public Integer call() {
            return cli.show(cli.call("DELETE", "/sessions/current", null, true), n -> cli.out.println("logged out"));
        }
    }

    @Command(name = "reset-password", description = "set a new password with the recovery answer")
    static final class ResetPassword implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;
        @Option(names = "--customer-id", required = true) String id;
        @Option(names = "--recovery-answer", required = true) String answer;
        @Option(names = "--password", required = true, description = "the new password") String password;

        @Override
        public Integer call() {
            return cli.show(cli.call("POST", "/customers/" + customerId(id) + "/password-reset",
                    Map.of("recoveryAnswer", answer, "password", password), false), n -> cli.out.println("password reset; log in again"));
        }
    }

    @Command(name = "cards", description = "list the wallet's cards")
    static final class Cards implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;

        @Override
        public Integer call() {
            return cli.show(cli.call("GET", "/cards", null, true), n -> {
                if (n.isEmpty()) cli.out.println("no cards");
                for (JsonNode c : n) cli.printCard(c);
            });
        }
    }

    @Command(name = "card", description = "apply for, show, activate, block, unblock or close a card",
            subcommands = {CardCommand.Apply.class, CardCommand.Show.class, CardCommand.Activate.class, CardCommand.Block.class,
                    CardCommand.Unblock.class, CardCommand.Close.class})
    static final class CardCommand implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;

        @Override
        public Integer call() {
            throw new Usage("card needs a subcommand: apply, show, activate, block, unblock or close");
        }

        @Command(name = "apply", description = "apply for an anonymous prepaid card")
        static final class Apply implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Option(names = "--type", required = true, description = "virtual or physical") String type;
            @Option(names = "--product", defaultValue = "PREPAID-USD") String product;
            @Option(names = "--name", required = true, description = "your name for the card") String name;
            @Option(names = "--pin", description = "4 to 12 digits (required for a physical card)") String pin;

            @Override
            public Integer call() {
                String t = type.toLowerCase(Locale.ROOT);
                if (!t.equals("virtual") && !t.equals("physical")) throw new Usage("--type must be virtual or physical, got '" + type + "'");
                if (t.equals("physical") && pin == null) throw new Usage("a physical card needs --pin (4 to 12 digits)");
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("type", t);
                body.put("product", product);
                body.put("name", name);
                if (pin != null) {
                    try {
                        PinSetter.check(pin);
                    } catch (IllegalArgumentException e) {
                        throw new Usage(e.getMessage());
                    }
                    body.put("pin", pin);
                }
                WalletCli cli = parent.cli;
                return cli.show(cli.call("POST", "/cards", body, true), c -> {
                    JsonNode f = c.get("fulfilment");
                    if (f != null && f.isObject()) {
                        cli.out.printf("card %s ordered: PAN %s expiry %s; for the card plant: track 2 %s, iCVV %s, CVV2 %s%n", c.get("id").asText(),
                                f.get("pan").asText(), f.get("expiry").asText(), f.get("track2").asText(), f.get("icvv").asText(), f.get("cvv2").asText());
                    } else {
                        cli.out.printf("card %s: PAN %s expiry %s CVV2 %s (shown once)%n", c.get("id").asText(), c.get("pan").asText(),
                                c.get("expiry").asText(), c.get("cvv2").asText());
                    }
                });
            }
        }

        /** One card and what to do with it: show (GET) or a POST action. */
        abstract static class Action implements Callable<Integer> {
            @CommandLine.ParentCommand CardCommand parent;
            @Parameters(index = "0", description = "card id") String id;
            private final String action;

            Action(String action) {
                this.action = action;
            }

            @Override
            public Integer call() {
                long card = cardId(id);
                WalletCli cli = parent.cli;
                Reply r = action == null ? cli.call("GET", "/cards/" + card, null, true) : cli.call("POST", "/cards/" + card + "/" + action, null, true);
                return cli.show(r, cli::printCard);
            }
        }

        @Command(name = "show", description = "a card with its balance and recent transactions")
        static final class Show extends Action { Show() { super(null); } }

        @Command(name = "activate", description = "activate a physical card once it has arrived")
        static final class Activate extends Action { Activate() { super("activate"); } }

        @Command(name = "block", description = "block a card")
        static final class Block extends Action { Block() { super("block"); } }

        @Command(name = "unblock", description = "unblock a blocked card")
        static final class Unblock extends Action { Unblock() { super("unblock"); } }

        @Command(name = "close", description = "close a card with nothing on it")
        static final class Close extends Action { Close() { super("close"); } }
    }
}
