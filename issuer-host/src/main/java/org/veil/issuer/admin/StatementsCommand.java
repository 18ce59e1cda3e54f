package org.veil.issuer.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veil.http.ApiCommandLine.Usage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code veil statements run|show|outbox}: next-day statements through the admin API; run and show print the texts. */
@Command(name = "statements", description = "send a day's statements now, show them, show the mobile outbox",
        subcommands = {StatementsCommand.Run.class, StatementsCommand.Show.class, StatementsCommand.Outbox.class})
final class StatementsCommand implements Callable<Integer> {
    @CommandLine.ParentCommand AdminCli cli;

    @Override
    public Integer call() {
        throw new Usage("statements needs a subcommand: run, show, outbox");
    }

    static String date(String raw) {
        try {
            return LocalDate.parse(raw).toString();
        } catch (DateTimeParseException e) {
            throw new Usage("--date must be YYYY-MM-DD, got '" + (raw.length() > 20 ? raw.substring(0, 20) + "..." : raw) + "'");
        }
    }

    void printStatement(JsonNode s) {
        cli.out().printf("--- statement %s by %s to %s: %s%s%n", s.get("id").asText(), s.get("channel").asText(), s.get("to").asText(),
                s.get("status").asText(), s.path("error").isNull() || s.path("error").isMissingNode() ? "" : " (" + s.get("error").asText() + ")");
        cli.out().print(s.get("text").asText());
    }

    @Command(name = "run", description = "send the statements of a day now (each customer gets one once; failed ones are retried)")
    static final class Run implements Callable<Integer> {
        @CommandLine.ParentCommand StatementsCommand parent;
        @Option(names = "--date", required = true, description = "the day, YYYY-MM-DD (in the statements' zone)") String date;

        @Override
        public Integer call() {
            return parent.cli.show(parent.cli.call("POST", "/statements/run", Map.of("date", date(date))), n -> {
                parent.cli.out().printf("statements of %s (%s): %d sent, %d already sent, %d failed, %d without transactions, %d customers without contact%n",
                        n.get("date").asText(), n.get("zone").asText(), n.get("sent").asInt(), n.get("alreadySent").asInt(),
                        n.get("failed").asInt(), n.get("withoutTransactions").asInt(), n.get("withoutContact").asInt());
                for (JsonNode s : n.get("statements")) parent.printStatement(s);
            });
        }
    }

    @Command(name = "show", description = "show the statements recorded for a day, with their text")
    static final class Show implements Callable<Integer> {
        @CommandLine.ParentCommand StatementsCommand parent;
        @Option(names = "--date", required = true, description = "the day, YYYY-MM-DD") String date;

        @Override
        public Integer call() {
            return parent.cli.show(parent.cli.call("GET", "/statements/" + date(date), null), n -> {
                if (n.isEmpty()) parent.cli.out().println("no statements recorded for " + date);
                for (JsonNode s : n) parent.printStatement(s);
            });
        }
    }

    @Command(name = "outbox", description = "show the mobile messages waiting in the outbox (newest first)")
    static final class Outbox implements Callable<Integer> {
        @CommandLine.ParentCommand StatementsCommand parent;

        @Override
        public Integer call() {
            return parent.cli.show(parent.cli.call("GET", "/statements/outbox", null), n -> {
                if (n.isEmpty()) parent.cli.out().println("the mobile outbox is empty");
                for (JsonNode m : n) {
                    parent.cli.out().printf("--- message %s to %s at %s%n", m.get("id").asText(), m.get("phone").asText(), m.get("createdAt").asText());
                    parent.cli.out().print(m.get("text").asText());
                }
            });
        }
    }
}
