package org.veil.issuer.admin;

import java.util.concurrent.Callable;
import org.veil.http.ApiCommandLine.Usage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** scripts/veil bank-transfer show|confirm REF: the bank's side of a wallet top-up by bank transfer. */
@Command(name = "bank-transfer", description = "show or confirm a wallet top-up's bank transfer (as the bank)",
        subcommands = {BankTransferCommand.Show.class, BankTransferCommand.Confirm.class})
final class BankTransferCommand implements Callable<Integer> {
    @CommandLine.ParentCommand AdminCli cli;

    @Override
    public Integer call() {
        throw new Usage("bank-transfer needs a subcommand: show or confirm");
    }

    static String ref(String raw) {
        if (!raw.matches("BT[A-Z0-9]{10}")) throw new Usage("a bank transfer reference is BT and 10 letters or digits, got '" + raw + "'");
        return raw;
    }

    abstract static class Step implements Callable<Integer> {
        @CommandLine.ParentCommand BankTransferCommand parent;
        @Parameters(index = "0", description = "transfer reference (BT...)") String ref;
        private final boolean confirm;

        Step(boolean confirm) {
            this.confirm = confirm;
        }

        @Override
        public Integer call() {
            AdminCli cli = parent.cli;
            String path = "/bank-transfers/" + ref(ref) + (confirm ? "/confirm" : "");
            return cli.show(cli.call(confirm ? "POST" : "GET", path, null), n -> cli.out().printf("bank transfer %s: %s, card %s, %s %s%s%n",
                    n.get("transferReference").asText(), n.get("state").asText(), n.get("card").asText(), n.get("amount").asText(),
                    n.get("currency").asText(), n.path("reason").isTextual() ? " (" + n.get("reason").asText() + ")" : ""));
        }
    }

    @Command(name = "show", description = "a bank transfer and the state of its top-up")
    static final class Show extends Step { Show() { super(false); } }

    @Command(name = "confirm", description = "the transfer arrived: credit the card (limits re-checked; over them it is returned)")
    static final class Confirm extends Step { Confirm() { super(true); } }
}
