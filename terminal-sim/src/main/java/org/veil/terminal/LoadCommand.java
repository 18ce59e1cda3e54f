package org.veil.terminal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A bounded load run over many connections, with a latency histogram and counts per response code. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drive the switch with many connections for a while and report throughput and latency.")
final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dialect", defaultValue = "terminal", description = "terminal|van (default: ${DEFAULT-VALUE})") String dialect;
    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", description = "default 8583 for terminal, 8584 for van") Integer port;
    @Option(names = "--connections", defaultValue = "16") int connections;
    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class) Duration duration;
    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class) Duration warmup;
    @Option(names = "--rate", description = "target requests/s overall, each request's latency counted from when it fell due "
            + "(default: closed loop, as fast as answers come)") Double rate;
    @Option(names = "--in-flight", description = "requests outstanding per connection at most (default: 1, or 64 with --rate)") Integer inFlight;
    @Option(names = "--mix", defaultValue = "purchase=100", description = "e.g. purchase=80,balance=20 (kinds: purchase, auth (+ completion), refund, load, balance, "
            + "reversal (purchase + its 0400), decline (a purchase of --decline-amount, expected 61))") String mix;
    @Option(names = "--cards", description = "file of pan,expiry lines") Path cards;
    @Option(names = "--pan") String pan;
    @Option(names = "--expiry", description = "YYMM") String expiry;
    @Option(names = "--swipe", description = "send track 2 instead of the PAN: the cards file's third column (the issuance answer's track2, CVV included)") boolean swipe;
    @Option(names = "--track2", description = "one card by its track 2, swiped (instead of --pan and --expiry)") String track2;
    @Option(names = "--no-luhn-check", description = "use PANs that fail the Luhn check as they are") boolean noLuhnCheck;
    @Option(names = "--amount", defaultValue = "100", description = "minor units per transaction (default: ${DEFAULT-VALUE})") long amount;
    @Option(names = "--decline-amount", defaultValue = "500001", description = "minor units of a decline purchase: above the "
            + "product's max transaction, so 61 is expected (default: ${DEFAULT-VALUE})") long declineAmount;
    @Option(names = "--currency", defaultValue = "840") String currency;
    @Option(names = "--terminal-prefix", defaultValue = "LT") String terminalPrefix;
    @Option(names = "--merchant", defaultValue = "LOADTEST0000001") String merchant;
    @Option(names = "--merchant-name", defaultValue = "Veil Load Test") String merchantName;
    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class) Duration timeout;
    @Option(names = "--json", description = "also write the results to this file as JSON") Path json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        LoadPlan plan = plan();
        LoadReport report = LoadGenerator.run(plan);
        spec.commandLine().getOut().print(report.text());
        if (json != null) Files.writeString(json, report.json());
        if (report.answers() == 0) {
            spec.commandLine().getErr().println("terminal: no answer at all from " + host + ":" + plan.port());
            return TerminalCli.NO_ANSWER;
        }
        return TerminalCli.OK;
    }

    LoadPlan plan() throws IOException {
        try {
            Edge edge = Edge.parse(dialect);
            if (timeout.isZero() || timeout.isNegative()) throw new IllegalArgumentException("--timeout must be positive");
            if (amount < 0) throw new IllegalArgumentException("--amount must not be negative");
            new RequestFactory(terminalPrefix + "0", merchant, merchantName, currency); // validates them
            return new LoadPlan(edge.dialect, host, edge.port(port), connections, warmup, duration,
                    rate == null ? 0 : rate, inFlight != null ? inFlight : rate == null ? 1 : 64, TransactionMix.parse(mix), cardList(), amount,
                    terminalPrefix, merchant, merchantName, currency, timeout, declineAmount);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private List<CardData> cardList() throws IOException {
        if (cards != null) {
            if (pan != null) throw new IllegalArgumentException("give --cards or --pan, not both");
            if (!Files.isReadable(cards)) throw new IllegalArgumentException("cannot read cards file " + cards);
            List<CardData> deck = CardDeck.read(cards, swipe);
            for (int i = 0; i < deck.size() && !noLuhnCheck; i++) {
                try {
                    deck.get(i).requireLuhn();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(cards + ", card " + (i + 1) + ": " + e.getMessage());
                }
            }
            return deck;
        }
        if (track2 != null) {
            CardData card = CardData.fromTrack2(track2);
            return List.of(noLuhnCheck ? card : card.requireLuhn());
        }
        if (pan == null || expiry == null) throw new IllegalArgumentException("give --cards FILE, --track2, or --pan and --expiry");
        // a swipe needs the card's own track 2: one built from the PAN would carry no CVV and be declined 05
        if (swipe) throw new IllegalArgumentException("--swipe with --pan needs the card's track 2: give --track2 instead");
        CardData card = CardData.keyed(pan, expiry);
        return List.of(noLuhnCheck ? card : card.requireLuhn());
    }
}
