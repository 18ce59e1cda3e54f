package org.veil.terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.jpos.iso.ISOMsg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** One transaction of any kind, printed request and answer; exit 0 answered, 1 not the expected code, 3 no answer. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Send one transaction and print the request and the answer.")
final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--type", defaultValue = "purchase",
            description = "purchase|auth|completion|reversal|reversal-advice|refund|load|balance|echo (default: ${DEFAULT-VALUE})")
    String type;
    @Option(names = "--dialect", defaultValue = "terminal", description = "terminal|van (default: ${DEFAULT-VALUE})")
    String dialect;
    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", description = "default 8583 for terminal, 8584 for van") Integer port;
    @Option(names = "--pan") String pan;
    @Option(names = "--expiry", description = "YYMM") String expiry;
    @Option(names = "--swipe", description = "send track 2 (field 35) instead of the PAN") boolean swipe;
    @Option(names = "--no-luhn-check", description = "send a PAN that fails the Luhn check as it is (to see the issuer's 14)") boolean noLuhnCheck;
    @Option(names = "--amount", defaultValue = "0", description = "minor units") long amount;
    @Option(names = "--currency", defaultValue = "840") String currency;
    @Option(names = "--terminal", description = "terminal id (default TERM0001, VAN00001 for van)") String terminal;
    @Option(names = "--merchant", description = "merchant id (default MERCHANT0000001, VANSHOP00000001 for van)") String merchant;
    @Option(names = "--merchant-name") String merchantName;
    @Option(names = "--partial", description = "accept a partial approval (field 48 PA=Y)") boolean partial;
    @Option(names = "--repeat", defaultValue = "0", description = "then send it N more times as a repeat (MTI ending in 1)") int repeat;
    @Option(names = "--stan", description = "STAN of this request (default: random)") Integer stan;
    @Option(names = "--original-stan", description = "completion/reversal: STAN (11) of the original") String originalStan;
    @Option(names = "--original-time", description = "completion/reversal: field 7 of the original (MMDDhhmmss)") String originalTime;
    @Option(names = "--original-mti", description = "completion/reversal: MTI of the original (default 0100 / 0200)") String originalMti;
    @Option(names = "--original-processing-code", defaultValue = "000000", description = "completion/reversal: field 3 of the original") String originalProcessingCode;
    @Option(names = "--rrn", description = "completion/reversal: RRN (37) of the original") String rrn;
    @Option(names = "--approval-code", description = "completion: field 38 of the authorization's answer") String approvalCode;
    @Option(names = "--remaining", defaultValue = "0", description = "reversal: amount that remains (0 = full reversal)") long remaining;
    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class) Duration timeout;
    @Option(names = "--expect", description = "exit 1 when field 39 of an answer is not this code") String expect;
    @Option(names = "--on-no-answer", defaultValue = "none",
            description = "none | repeat (send it again as 0x01) | reverse (send an 0400 of a 0100/0200, repeated as 0401 until answered)")
    String onNoAnswer;
    @Option(names = "--tries", defaultValue = "3", description = "with --on-no-answer: how many repeats or reversal attempts (1-20)") int tries;

    private RequestFactory factory;

    @Override
    public Integer call() throws IOException {
        Edge edge = edge();
        int p;
        try {
            p = edge.port(port);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        ISOMsg request = build(edge);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allMatch = true;
        Session session = new Session(edge, p, out, err);
        try (session) {
            for (int i = 0; i <= repeat; i++) {
                ISOMsg m = i == 0 ? request : RequestFactory.repeat(request);
                ISOMsg answer = session.call(m, "answer");
                if (answer == null) return afterNoAnswer(session, m);
                if (expect != null && !expect.equals(answer.getString(39))) {
                    err.println("terminal: expected response code " + expect + ", got " + answer.getString(39));
                    allMatch = false;
                }
            }
        }
        return allMatch ? TerminalCli.OK : TerminalCli.MISMATCH;
    }

    /**
     * The terminal's own recovery from a missing answer. A repeat that is answered counts as the answer; a reversal
     * that is answered means nothing stays taken, but the transaction itself still got no answer (exit 3).
     */
    private int afterNoAnswer(Session session, ISOMsg unanswered) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        NoAnswerPolicy policy = NoAnswerPolicy.parse(onNoAnswer);
        if (policy == NoAnswerPolicy.NONE) return TerminalCli.NO_ANSWER;
        ISOMsg next = policy == NoAnswerPolicy.REPEAT ? RequestFactory.repeat(unanswered)
                : factory.reversal(unanswered, 0);
        for (int attempt = 1; attempt <= tries; attempt++) {
            err.println("terminal: no answer, " + policy.label() + " (attempt " + attempt + " of " + tries + ")");
            ISOMsg answer = session.call(next, policy == NoAnswerPolicy.REPEAT ? "answer to the repeat" : "answer to the reversal");
            if (answer != null) {
                if (policy == NoAnswerPolicy.REVERSE) {
                    err.println("terminal: reversal answered " + answer.getString(39) + "; the transaction itself got no answer");
                    return TerminalCli.NO_ANSWER;
                }
                if (expect != null && !expect.equals(answer.getString(39))) {
                    err.println("terminal: expected response code " + expect + ", got " + answer.getString(39));
                    return TerminalCli.MISMATCH;
                }
                return TerminalCli.OK;
            }
            next = RequestFactory.repeat(next);
        }
        err.println("terminal: still no answer after " + tries + " " + (policy == NoAnswerPolicy.REPEAT ? "repeats" : "reversal attempts"));
        return TerminalCli.NO_ANSWER;
    }

    /** One connection that is opened again when the switch closed it, as a terminal redials. */
    private final class Session implements AutoCloseable {
        private final Edge edge;
        private final int port;
        private final PrintWriter out;
        private final PrintWriter err;
        private IsoClient client;

        Session(Edge edge, int port, PrintWriter out, PrintWriter err) throws IOException {
            this.edge = edge;
            this.port = port;
            this.out = out;
            this.err = err;
            this.client = IsoClient.connect(edge.dialect, host, port);
        }

        /** The answer, or null when none came in time or the connection closed before it. */
        ISOMsg call(ISOMsg m, String label) throws IOException {
            if (!client.isOpen()) {
                client.close();
                client = IsoClient.connect(edge.dialect, host, port);
            }
            out.print(AnswerPrinter.render("request", m));
            long t0 = System.nanoTime();
            try {
                ISOMsg answer = client.call(m, timeout);
                out.print(AnswerPrinter.render(String.format(Locale.ROOT, "%s (%.1f ms)", label, (System.nanoTime() - t0) / 1e6), answer));
                return answer;
            } catch (TimeoutException e) {
                err.println("terminal: no answer within " + timeout.toMillis() + " ms from " + host + ":" + port);
            } catch (IOException e) {
                if (client.isOpen()) throw e;
                err.println("terminal: the connection to " + host + ":" + port + " closed before the answer");
            }
            out.flush();
            return null;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private Edge edge() {
        try {
            return Edge.parse(dialect);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ISOMsg build(Edge edge) {
        if (repeat < 0) throw usage("--repeat must not be negative");
        if (amount < 0) throw usage("--amount must not be negative");
        if (timeout.isZero() || timeout.isNegative()) throw usage("--timeout must be positive");
        if (expect != null && !expect.matches("[0-9A-Z]{2}")) throw usage("--expect must be a 2-character response code");
        try {
            NoAnswerPolicy policy = NoAnswerPolicy.parse(onNoAnswer);
            if (policy == NoAnswerPolicy.REVERSE && !type.trim().toLowerCase(Locale.ROOT).matches("purchase|auth|refund|load")) {
                throw usage("--on-no-answer reverse needs a --type that can be reversed: purchase, auth, refund or load");
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (tries < 1 || tries > 20) throw usage("--tries must be 1 to 20");
        try {
            String tid = terminal != null ? terminal : edge.demoTerminal;
            String mid = merchant != null ? merchant : edge.demoMerchant;
            String name = merchantName != null ? merchantName : merchant == null ? edge.demoMerchantName : mid;
            factory = stan == null ? new RequestFactory(tid, mid, name, currency)
                    : new RequestFactory(tid, mid, name, currency, stan);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        String kind = type.trim().toLowerCase(Locale.ROOT);
        ISOMsg m = switch (kind) {
            case "echo" -> factory.echo();
            case "purchase" -> factory.purchase(card(), amount);
            case "auth" -> factory.authorization(card(), amount);
            case "refund" -> factory.refund(card(), amount);
            case "load" -> factory.load(card(), amount);
            case "balance" -> factory.balance(card());
            case "completion" -> {
                ISOMsg answer = new ISOMsg();
                if (approvalCode != null) answer.set(38, approvalCode);
                yield factory.completion(original("0100"), answer, amount);
            }
            case "reversal" -> factory.reversal(original("0200"), remaining);
            case "reversal-advice" -> factory.reversalAdvice(original("0200"), remaining);
            default -> throw usage("unknown --type '" + type
                    + "' (expected purchase, auth, completion, reversal, reversal-advice, refund, load, balance or echo)");
        };
        return partial ? RequestFactory.withPartialApproval(m) : m;
    }

    private CardData card() {
        if (pan == null) throw usage("--pan is required for --type " + type);
        if (expiry == null) throw usage("--expiry (YYMM) is required for --type " + type);
        try {
            CardData card = swipe ? CardData.swiped(pan, expiry) : CardData.keyed(pan, expiry);
            return noLuhnCheck ? card : card.requireLuhn();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The original as far as the terminal remembers it: enough for field 90 and the same RRN and card. */
    private ISOMsg original(String defaultMti) {
        if (originalStan == null || !originalStan.matches("\\d{1,6}")) throw usage("--original-stan (up to 6 digits) is required for --type " + type);
        if (originalTime == null || !originalTime.matches("\\d{10}")) throw usage("--original-time (field 7, MMDDhhmmss) is required for --type " + type);
        if (rrn == null || rrn.isBlank() || rrn.length() > 12) throw usage("--rrn (field 37 of the original, up to 12 characters) is required for --type " + type);
        String mti = originalMti != null ? originalMti : defaultMti;
        if (!mti.matches("0[12]00")) throw usage("--original-mti must be 0100 or 0200, got '" + mti + "'");
        if (!originalProcessingCode.matches("\\d{6}")) throw usage("--original-processing-code must be 6 digits");
        CardData card = card();
        ISOMsg original = new ISOMsg(mti);
        original.set(3, originalProcessingCode);
        original.set(7, originalTime);
        original.set(11, String.format("%06d", Integer.parseInt(originalStan)));
        original.set(37, String.format("%-12s", rrn));
        original.set(49, currency);
        if (card.isSwiped()) {
            original.set(35, card.track2());
            original.set(22, RequestFactory.ENTRY_SWIPED);
        } else {
            original.set(2, card.pan());
            original.set(14, card.expiry());
            original.set(22, RequestFactory.ENTRY_KEYED);
        }
        return original;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
