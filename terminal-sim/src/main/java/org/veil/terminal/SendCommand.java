package org.veil.terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.CharBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.jpos.iso.ISOMsg;
import org.veil.security.Dukpt;
import org.veil.security.KeyVault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One transaction of any kind, printed request and answer; exit 0 answered, 1 not the expected code (or an answer MAC
 * that does not verify, or new keys refused), 3 no answer. With --pin / --mac / key change it is a keyed terminal
 * (keys from the keystore, see {@link TerminalKeys}); without them it sends exactly what it always did.
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Send one transaction and print the request and the answer.")
final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--type", defaultValue = "purchase",
            description = "purchase|auth|completion|reversal|reversal-advice|refund|load|balance|echo|key-change (default: ${DEFAULT-VALUE})")
    String type;
    @Option(names = "--dialect", defaultValue = "terminal", description = "terminal|van (default: ${DEFAULT-VALUE})")
    String dialect;
    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", description = "default 8583 for terminal, 8584 for van") Integer port;
    @Option(names = "--pan") String pan;
    @Option(names = "--expiry", description = "YYMM") String expiry;
    @Option(names = "--swipe", description = "send a track 2 built from --pan and --expiry, zeros where the CVV goes (the issuer answers 05: use --track2 for a real swipe)") boolean swipe;
    @Option(names = "--track2", description = "swipe this track 2 (PAN=YYMM...: the one the card's issuance answer gives, CVV included)") String track2;
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
    @Option(names = "--pin", paramLabel = "DIGITS", description = "the cardholder's PIN (4-12 digits), sent as a PIN block for the card of --pan; never printed")
    char[] pin;
    @Option(names = "--pin-mode", description = "tdes (field 52 under the TPK) | dukpt (field 52, KSN in 48 KS) | aes (format 4 in 48 P4); "
            + "default the terminal's profile: TERM0003/VAN00003 aes, TERM0004/VAN00004 dukpt, others tdes")
    String pinMode;
    @Option(names = "--ksn", description = "dukpt: the KSN of this PIN transaction, 20 hex (default " + KsnCounter.DEFAULT_BASE
            + " with a counter from the clock)")
    String ksn;
    @Option(names = "--mac", defaultValue = "none", description = "retail|aes-cmac|none: MAC every request (field 64) and check the answers' MACs (default: ${DEFAULT-VALUE}; "
            + "the switch's profiles: TERM0003/VAN00003 aes-cmac, others retail)")
    String mac;
    @Option(names = "--key-change-first", description = "first an 0800 key change (70=101) on the same connection, then the transaction under the new keys")
    boolean keyChangeFirst;
    @Option(names = "--keystore", defaultValue = TerminalKeys.DEFAULT_KEYSTORE, description = "the terminal's keys (default: ${DEFAULT-VALUE})")
    Path keystore;
    @Option(names = "--keystore-password", defaultValue = TerminalKeys.DEFAULT_PASSWORD, description = "(default: the test keystore's)")
    String keystorePassword;
    @Option(names = "--key-state", paramLabel = "DIR", description = "where the terminal keeps the working keys of its last key change, "
            + "as the switch does (default: $${veil.data.dir}/terminal-keys, i.e. data/terminal-keys)")
    Path keyState;

    private RequestFactory factory;
    private MacMode macMode = MacMode.NONE;
    private PinMode effectivePinMode;
    private ISOMsg keyChangeRequest;
    private SecureTerminal secure;

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
        secure = keyed() ? secureTerminal(request) : null;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allMatch = true;
        Session session = new Session(edge, p, out, err);
        try (session) {
            if (keyChangeRequest != null) {
                ISOMsg answer = session.call(keyChangeRequest, "key change answer");
                if (answer == null) {
                    err.println("terminal: no key change, so the transaction was not sent");
                    return TerminalCli.NO_ANSWER;
                }
                if (session.failed()) return TerminalCli.MISMATCH;
                if (!"00".equals(answer.getString(39))) {
                    err.println("terminal: key change answered " + answer.getString(39) + ", so the transaction was not sent");
                    return TerminalCli.MISMATCH;
                }
            }
            if (pin != null) {
                try {
                    request = secure.withPin(request, effectivePinMode, CharBuffer.wrap(pin));
                } finally {
                    Arrays.fill(pin, '\0');
                }
            }
            for (int i = 0; i <= repeat; i++) {
                ISOMsg m = i == 0 ? request : RequestFactory.repeat(request);
                ISOMsg answer = session.call(m, "answer");
                if (answer == null) return afterNoAnswer(session, m);
                if (expect != null && !expect.equals(answer.getString(39))) {
                    err.println("terminal: expected response code " + expect + ", got " + answer.getString(39));
                    allMatch = false;
                }
            }
            if (session.failed()) return TerminalCli.MISMATCH;
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
        if (policy == NoAnswerPolicy.NONE) return session.failed() ? TerminalCli.MISMATCH : TerminalCli.NO_ANSWER;
        ISOMsg next = policy == NoAnswerPolicy.REPEAT ? RequestFactory.repeat(unanswered)
                : factory.reversal(unanswered, 0);
        for (int attempt = 1; attempt <= tries; attempt++) {
            err.println("terminal: no answer, " + policy.label() + " (attempt " + attempt + " of " + tries + ")");
            ISOMsg answer = session.call(next, policy == NoAnswerPolicy.REPEAT ? "answer to the repeat" : "answer to the reversal");
            if (answer != null) {
                if (session.failed()) return TerminalCli.MISMATCH;
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

    /**
     * One connection that is opened again when the switch closed it, as a terminal redials. A keyed terminal MACs
     * each request, checks each answer's MAC and takes the new keys of an approved key change.
     */
    private final class Session implements AutoCloseable {
        private final Edge edge;
        private final int port;
        private final PrintWriter out;
        private final PrintWriter err;
        private IsoClient client;
        private boolean failed;

        Session(Edge edge, int port, PrintWriter out, PrintWriter err) throws IOException {
            this.edge = edge;
            this.port = port;
            this.out = out;
            this.err = err;
            this.client = IsoClient.connect(edge.dialect, host, port);
        }

        /** The answer, or null when none came in time or the connection closed before it. */
        ISOMsg call(ISOMsg unsigned, String label) throws IOException {
            if (!client.isOpen()) {
                client.close();
                client = IsoClient.connect(edge.dialect, host, port);
            }
            ISOMsg m = secure == null ? unsigned : secure.withMac(edge.dialect, unsigned, macMode);
            out.print(AnswerPrinter.render("request", m));
            long t0 = System.nanoTime();
            try {
                ISOMsg answer = client.call(m, timeout);
                out.print(AnswerPrinter.render(String.format(Locale.ROOT, "%s (%.1f ms)", label, (System.nanoTime() - t0) / 1e6), answer));
                if (secure != null) secureAnswer(m, answer);
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

        /** The answer's MAC checked, and the keys of an approved key change taken; a failure is one line and exit 1. */
        private void secureAnswer(ISOMsg request, ISOMsg answer) {
            if (!secure.answerMacVerifies(edge.dialect, answer, macMode)) {
                err.println("terminal: " + SecureTerminal.ANSWER_MAC_FAILS);
                failed = true;
                return;
            }
            if (!SecureTerminal.isKeyChange(request) || !"00".equals(answer.getString(39))) return;
            try {
                TerminalKeys.NewKeys keys = secure.takeNewKeys(answer);
                out.println("new working keys accepted: TPK KCV " + keys.tpkCheckValue() + ", TAK KCV " + keys.takCheckValue());
            } catch (IllegalArgumentException e) {
                err.println("terminal: " + e.getMessage());
                failed = true;
            }
        }

        /** An answer's MAC did not verify, or the terminal refused the keys of a key change. */
        boolean failed() {
            return failed;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Asked for a PIN, a MAC or a key change: the terminal needs its keys. */
    private boolean keyed() {
        return pin != null || macMode != MacMode.NONE || keyChangeRequest != null || "key-change".equals(kind());
    }

    /** The terminal's keys from the keystore, its DUKPT counter from --ksn or the clock; bad ones are usage errors. */
    private SecureTerminal secureTerminal(ISOMsg request) {
        try {
            KeyVault vault = TerminalKeys.vault(keystore, keystorePassword);
            KsnCounter ksns = ksn != null ? KsnCounter.startingAt(ksn) : KsnCounter.fromClock(KsnCounter.DEFAULT_BASE, Clock.systemUTC());
            String tid = request.getString(41).strip();
            WorkingKeyFile saved = new WorkingKeyFile(keyState != null ? keyState : WorkingKeyFile.defaultDir());
            return new SecureTerminal(new TerminalKeys(vault, ksns, tid, saved));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The security options checked before anything is sent; never repeats the PIN. */
    private void checkSecurity(String tid) {
        try {
            macMode = MacMode.parse(mac);
        } catch (IllegalArgumentException e) {
            throw usage("--mac " + e.getMessage());
        }
        if (pinMode != null && pin == null) throw usage("--pin-mode goes with --pin");
        if (ksn != null && pin == null) throw usage("--ksn goes with --pin (and --pin-mode dukpt)");
        if (keyChangeFirst && "key-change".equals(kind())) throw usage("--key-change-first goes with a transaction, not --type key-change");
        if (pin == null) return;
        if (pin.length < 4 || pin.length > 12 || !CharBuffer.wrap(pin).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw usage("--pin must be 4 to 12 digits");
        }
        if (!kind().matches("purchase|auth|refund|load|balance")) {
            throw usage("--pin goes with a card transaction: --type purchase, auth, refund, load or balance");
        }
        try {
            effectivePinMode = pinMode != null ? PinMode.parse(pinMode) : TerminalProfile.of(tid).pin();
        } catch (IllegalArgumentException e) {
            throw usage("--pin-mode " + e.getMessage());
        }
        if (ksn != null) {
            if (effectivePinMode != PinMode.DUKPT) throw usage("--ksn goes with --pin-mode dukpt");
            if (!ksn.matches("[0-9A-Fa-f]{20}")) throw usage("--ksn must be 20 hex characters");
            try {
                Dukpt.counter(ksn);
            } catch (IllegalArgumentException e) {
                throw usage("--ksn: " + e.getMessage());
            }
        }
    }

    private String kind() {
        return type.trim().toLowerCase(Locale.ROOT);
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
            checkSecurity(tid);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        // the key change goes first on the wire, so it takes the first STAN
        if (keyChangeFirst) keyChangeRequest = factory.keyChange();
        String kind = kind();
        ISOMsg m = switch (kind) {
            case "echo" -> factory.echo();
            case "key-change" -> factory.keyChange();
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
                    + "' (expected purchase, auth, completion, reversal, reversal-advice, refund, load, balance, echo or key-change)");
        };
        return partial ? RequestFactory.withPartialApproval(m) : m;
    }

    private CardData card() {
        if (track2 != null) {
            if (pan != null || swipe) throw usage("--track2 carries the card: give it without --pan or --swipe");
            try {
                CardData card = CardData.fromTrack2(track2);
                return noLuhnCheck ? card : card.requireLuhn();
            } catch (IllegalArgumentException e) {
                throw usage("--track2: " + e.getMessage());
            }
        }
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
