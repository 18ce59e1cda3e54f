package org.veil.issuer.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.veil.http.ApiCommandLine.Usage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code veil gateway register|show}: partner shops of the payment gateway (POST /gateway/merchants, GET /gateway/merchants/{id}). */
@Command(name = "gateway", description = "partner shops of the payment gateway", subcommands = {GatewayCommand.Register.class, GatewayCommand.Show.class})
final class GatewayCommand implements Callable<Integer> {
    @CommandLine.ParentCommand AdminCli cli;

    @Override
    public Integer call() {
        throw new Usage("gateway needs a subcommand: register, show");
    }

    @Command(name = "register", description = "register a partner shop: prints its key id and its secret (shown only this once)")
    static final class Register implements Callable<Integer> {
        @CommandLine.ParentCommand GatewayCommand parent;
        @Parameters(index = "0", description = "merchant id (1 to 15 characters; its settlement account in the ledger)") String id;
        @Option(names = "--name", required = true, description = "the shop's name") String name;
        @Option(names = "--mode", required = true, description = "how the shop gets results: buyer, push or inquiry") String mode;
        @Option(names = "--callback-url", description = "where results are pushed (push mode only)") String callbackUrl;
        @Option(names = "--order-seconds", description = "how long an order waits for its other side (default: the gateway's)") Long orderSeconds;

        @Override
        public Integer call() {
            if (!mode.matches("(?i)buyer|push|inquiry")) throw new Usage("--mode must be buyer, push or inquiry, got '" + mode + "'");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("merchantId", id);
            body.put("name", name);
            body.put("resultMode", mode.toLowerCase(java.util.Locale.ROOT));
            if (callbackUrl != null) body.put("callbackUrl", callbackUrl);
            if (orderSeconds != null) body.put("orderSeconds", orderSeconds);
            AdminCli cli = parent.cli;
            return cli.show(cli.call("POST", "/gateway/merchants", body), m -> {
                print(cli, m);
                cli.out().printf("secret       %s%n", m.get("secret").asText());
                cli.out().println("(the secret is shown only now: give it to the shop; it signs every request with it)");
            });
        }
    }

    @Command(name = "show", description = "show a partner shop and its result pushes (never its secret)")
    static final class Show implements Callable<Integer> {
        @CommandLine.ParentCommand GatewayCommand parent;
        @Parameters(index = "0", description = "merchant id") String id;

        @Override
        public Integer call() {
            AdminCli cli = parent.cli;
            return cli.show(cli.call("GET", "/gateway/merchants/" + AdminCli.segment(id), null), m -> {
                print(cli, m);
                JsonNode p = m.path("pushes");
                if (!p.isMissingNode()) {
                    cli.out().printf("pushes       %d pending, %d delivered, %d failed%n", p.path("pending").asLong(), p.path("delivered").asLong(),
                            p.path("failed").asLong());
                }
            });
        }
    }

    private static void print(AdminCli cli, JsonNode m) {
        cli.out().printf("merchant     %s (%s)%n", m.get("merchantId").asText(), m.get("name").asText());
        cli.out().printf("key id       %s%n", m.get("keyId").asText());
        cli.out().printf("result mode  %s%s%n", m.get("resultMode").asText(),
                m.hasNonNull("callbackUrl") ? " to " + m.get("callbackUrl").asText() : "");
        cli.out().printf("order expiry %d s%n", m.get("orderSeconds").asLong());
    }
}
