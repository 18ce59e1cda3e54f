package org.veil.issuer.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veil.http.ApiCommandLine.Usage;
import org.veil.http.JsonClient.Reply;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** scripts/wallet's funding sources and top-ups: funding-sources, funding-source add-card|add-bank|remove, top-up, top-ups. */
final class FundingCommands {
    private FundingCommands() {}

    static void printSource(WalletCli cli, JsonNode s) {
        cli.out().printf("source %s  %-12s %s%s  \"%s\"%n", s.get("id").asText(), s.get("kind").asText(), s.get("maskedNumber").asText(),
                s.has("expiry") ? " exp " + s.get("expiry").asText() : "", s.get("name").asText());
    }

    static void printTopUp(WalletCli cli, JsonNode t) {
        cli.out().printf("top-up %s  %-13s card %s from source %s  %s %s  %s%s%s%n", t.get("id").asText(), t.get("kind").asText(),
                t.get("card").asText(), t.get("source").asText(), WalletCli.money(t.get("amount")), t.get("currency").asText(),
                t.get("state").asText(), t.path("transferReference").isTextual() ? "  transfer " + t.get("transferReference").asText() : "",
                t.path("reason").isTextual() ? "  (" + t.get("reason").asText() + ")" : "");
    }

    static long id(String raw, String what) {
        if (!raw.matches("[0-9]{1,11}") || Long.parseLong(raw) < 1) throw new Usage("a " + what + " is named by its id (a number), got '" + raw + "'");
        return Long.parseLong(raw);
    }

    @Command(name = "funding-sources", description = "list the wallet's funding sources (credit cards, bank accounts)")
    static final class List implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;

        @Override
        public Integer call() {
            return cli.show(cli.call("GET", "/funding-sources", null, true), n -> {
                if (n.isEmpty()) cli.out().println("no funding sources");
                for (JsonNode s : n) printSource(cli, s);
            });
        }
    }

    @Command(name = "funding-source", description = "add a credit card or a bank account, or remove a funding source",
            subcommands = {Source.AddCard.class, Source.AddBank.class, Source.Remove.class})
    static final class Source implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;

        @Override
        public Integer call() {
            throw new Usage("funding-source needs a subcommand: add-card, add-bank or remove");
        }

        @Command(name = "add-card", description = "a credit card of any issuer (its number is kept encrypted, shown masked)")
        static final class AddCard implements Callable<Integer> {
            @CommandLine.ParentCommand Source parent;
            @Option(names = "--number", required = true) String number;
            @Option(names = "--expiry", required = true, description = "YYMM") String expiry;
            @Option(names = "--name", required = true, description = "the name on the card") String name;

            @Override
            public Integer call() {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("kind", "credit-card");
                body.put("number", number);
                body.put("expiry", expiry);
                body.put("name", name);
                WalletCli cli = parent.cli;
                return cli.show(cli.call("POST", "/funding-sources", body, true), s -> printSource(cli, s));
            }
        }

        @Command(name = "add-bank", description = "a bank account (an IBAN or an account number; kept masked)")
        static final class AddBank implements Callable<Integer> {
            @CommandLine.ParentCommand Source parent;
            @Option(names = "--iban") String iban;
            @Option(names = "--account-number") String accountNumber;
            @Option(names = "--name", required = true, description = "the account holder") String name;

            @Override
            public Integer call() {
                if ((iban == null) == (accountNumber == null)) throw new Usage("give either --iban or --account-number");
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("kind", "bank-account");
                if (iban != null) body.put("iban", iban);
                if (accountNumber != null) body.put("accountNumber", accountNumber);
                body.put("name", name);
                WalletCli cli = parent.cli;
                return cli.show(cli.call("POST", "/funding-sources", body, true), s -> printSource(cli, s));
            }
        }

        @Command(name = "remove", description = "remove a funding source from the wallet")
        static final class Remove implements Callable<Integer> {
            @CommandLine.ParentCommand Source parent;
            @Parameters(index = "0", description = "funding source id") String id;

            @Override
            public Integer call() {
                WalletCli cli = parent.cli;
                return cli.show(cli.call("DELETE", "/funding-sources/" + id(id, "funding source"), null, true),
                        n -> cli.out().println("funding source " + n.get("id").asText() + " removed"));
            }
        }
    }

    @Command(name = "top-up", description = "top up a card from a funding source (idempotent on --reference)")
    static final class TopUp implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;
        @Option(names = "--card", required = true, description = "card id") String card;
        @Option(names = "--source", required = true, description = "funding source id") String source;
        @Option(names = "--amount", required = true, description = "minor units, e.g. 2500 = 25.00") long amount;
        @Option(names = "--reference", required = true, description = "your unique reference: the same again is the same top-up") String reference;

        @Override
        public Integer call() {
            if (amount <= 0) throw new Usage("--amount must be a positive number of minor units");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("card", id(card, "card"));
            body.put("source", id(source, "funding source"));
            body.put("amount", amount);
            body.put("reference", reference);
            Reply r = cli.call("POST", "/top-ups", body, true);
            return cli.show(r, t -> printTopUp(cli, t));
        }
    }

    @Command(name = "top-ups", description = "list the wallet's top-ups, or show one")
    static final class TopUps implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;
        @Parameters(index = "0", arity = "0..1", description = "top-up id") String id;

        @Override
        public Integer call() {
            if (id != null) return cli.show(cli.call("GET", "/top-ups/" + id(id, "top-up"), null, true), t -> printTopUp(cli, t));
            return cli.show(cli.call("GET", "/top-ups", null, true), n -> {
                if (n.isEmpty()) cli.out().println("no top-ups");
                for (JsonNode t : n) printTopUp(cli, t);
            });
        }
    }
}
