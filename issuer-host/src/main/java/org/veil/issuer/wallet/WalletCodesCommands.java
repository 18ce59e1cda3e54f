package org.veil.issuer.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veil.http.ApiCommandLine.Usage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wallet otc mint|list|revoke} and {@code wallet confirmations} / {@code wallet confirm}: one-time codes and their confirmation. */
final class WalletCodesCommands {
    private WalletCodesCommands() {}

    @Command(name = "otc", description = "one-time codes of a card: mint (shown once), list, revoke",
            subcommands = {Otc.Mint.class, Otc.List.class, Otc.Revoke.class})
    static final class Otc implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;

        @Override
        public Integer call() {
            throw new Usage("otc needs a subcommand: mint, list, revoke");
        }

        @Command(name = "mint", description = "a new one-time code for the card (payments above the issuer's threshold wait for your confirmation)")
        static final class Mint implements Callable<Integer> {
            @CommandLine.ParentCommand Otc parent;
            @Parameters(index = "0", description = "card id") String card;
            @Option(names = "--max", required = true, description = "the most it may pay, in minor units") long max;
            @Option(names = "--minutes", required = true, description = "minutes it stays valid") long minutes;
            @Option(names = "--merchant", description = "the only merchant (field 42) it pays") String merchant;

            @Override
            public Integer call() {
                long id = WalletCli.cardId(card);
                if (max <= 0) throw new Usage("--max must be a positive number of minor units, got " + max);
                if (minutes <= 0) throw new Usage("--minutes must be 1 or more, got " + minutes);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("maxAmount", max);
                body.put("expiresInMinutes", minutes);
                if (merchant != null) body.put("merchant", merchant);
                return parent.cli.show(parent.cli.call("POST", "/cards/" + id + "/one-time-codes", body, true), b ->
                        parent.cli.out().printf("one-time code %s (id %s): pays at most %s with card %s until %s; above %s you confirm%n",
                                b.get("code").asText(), b.get("id").asText(), WalletCli.money(b.get("maxAmount")), b.get("card").asText(),
                                b.get("expiresAt").asText(), WalletCli.money(b.get("confirmAbove"))));
            }
        }

        @Command(name = "list", description = "the card's one-time codes (masked)")
        static final class List implements Callable<Integer> {
            @CommandLine.ParentCommand Otc parent;
            @Parameters(index = "0", description = "card id") String card;

            @Override
            public Integer call() {
                return parent.cli.show(parent.cli.call("GET", "/cards/" + WalletCli.cardId(card) + "/one-time-codes", null, true), n -> {
                    for (JsonNode c : n) {
                        parent.cli.out().printf("#%-6s %s  max %s  %-8s expires %s%s%n", c.get("id").asText(), c.get("maskedCode").asText(),
                                WalletCli.money(c.get("maxAmount")), c.get("status").asText(), c.get("expiresAt").asText(),
                                c.get("merchant").isNull() ? "" : "  at " + c.get("merchant").asText());
                    }
                });
            }
        }

        @Command(name = "revoke", description = "revoke a one-time code: it never pays")
        static final class Revoke implements Callable<Integer> {
            @CommandLine.ParentCommand Otc parent;
            @Parameters(index = "0", description = "card id") String card;
            @Parameters(index = "1", description = "code id (from otc list)") String code;

            @Override
            public Integer call() {
                if (!code.matches("[0-9]{1,18}")) throw new Usage("a code is named by its id (a number from 'wallet otc list'), got '" + code + "'");
                return parent.cli.show(parent.cli.call("DELETE", "/cards/" + WalletCli.cardId(card) + "/one-time-codes/" + code, null, true),
                        b -> parent.cli.out().println("code " + b.get("id").asText() + " revoked"));
            }
        }
    }

    @Command(name = "confirmations", description = "payments waiting for your confirmation")
    static final class Pending implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;

        @Override
        public Integer call() {
            return cli.show(cli.call("GET", "/confirmations", null, true), n -> {
                if (n.isEmpty()) cli.out().println("no payment waits for your confirmation");
                for (JsonNode c : n) {
                    cli.out().printf("#%-6s %s %s at %s  card %s \"%s\" %s  code %s  until %s%n", c.get("id").asText(), WalletCli.money(c.get("amount")),
                            c.get("currency").asText(), c.get("merchant").asText(), c.get("card").asText(), c.get("cardName").asText(),
                            c.get("maskedPan").asText(), c.get("maskedCode").asText(), c.get("deadline").asText());
                }
            });
        }
    }

    @Command(name = "confirm", description = "approve or refuse a payment waiting for you")
    static final class Confirm implements Callable<Integer> {
        @CommandLine.ParentCommand WalletCli cli;
        @Parameters(index = "0", description = "confirmation id (from 'wallet confirmations')") String id;
        @Option(names = "--approve", description = "approve the payment") boolean approve;
        @Option(names = "--refuse", description = "refuse the payment") boolean refuse;

        @Override
        public Integer call() {
            if (approve == refuse) throw new Usage("say --approve or --refuse");
            if (!id.matches("[0-9]{1,18}")) throw new Usage("a confirmation is named by its id (a number), got '" + id + "'");
            return cli.show(cli.call("POST", "/confirmations/" + id, Map.of("approve", approve), true),
                    b -> cli.out().println("payment " + b.get("id").asText() + " " + b.get("status").asText().toLowerCase(java.util.Locale.ROOT)));
        }
    }
}
