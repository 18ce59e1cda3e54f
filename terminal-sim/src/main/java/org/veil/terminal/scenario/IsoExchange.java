package org.veil.terminal.scenario;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;
import org.veil.packagers.PrivateData;
import org.veil.terminal.IsoClient;
import org.veil.terminal.MacMode;
import org.veil.terminal.PinMode;
import org.veil.terminal.SecureTerminal;
import org.veil.terminal.TerminalProfile;

/** Runs a send step: builds the request, sends it on the dialect's connection and checks what comes back. */
final class IsoExchange {
    /** How long {@code answers: N} keeps listening after the wait for an extra copy. */
    static final long EXTRA_COPY_WAIT_MS = 500;

    private final IsoLinks links;
    /** Null when the scenario never uses pin or mac: it then sends exactly what its steps say. */
    private final RunKeys keys;

    IsoExchange(IsoLinks links, RunKeys keys) {
        this.links = links;
        this.keys = keys;
    }

    StepOutcome run(ScenarioStep.Send step, Variables vars, Variables.Scope scope, long timeoutMs) throws StepFailure {
        ISOMsg request = request(step, vars, scope);
        ScenarioStep.Security security = step.security();
        boolean keyed = keys != null && (security != null || SecureTerminal.isKeyChange(request));
        SecureTerminal terminal = keyed ? keys.terminal(request.getString(41)) : null;
        MacMode mac = security == null ? MacMode.NONE : security.mac();
        if (security != null && security.pin() != null) request = withPin(terminal, request, security, scope);
        ISOMsg wire = onTheWire(step, request);
        try {
            wire = terminal == null ? wire : terminal.withMac(step.dialect(), wire, mac);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("mac: " + e.getMessage());
        }
        IsoLinks.Link link = links.link(step.dialect());
        String key = IsoClient.matchKey(wire);
        int before = link.counts().count(key);
        long start = System.nanoTime();
        CompletableFuture<ISOMsg> pending = link.client().send(wire, Duration.ofMillis(timeoutMs));
        ISOMsg answer = null;
        Throwable noAnswer = null;
        long elapsedMs = 0;
        try {
            answer = pending.get();
            elapsedMs = (System.nanoTime() - start) / 1_000_000;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while waiting for the answer");
        } catch (ExecutionException e) {
            noAnswer = e.getCause();
        }
        List<String> diffs = new ArrayList<>();
        AnswerExpectation expect = step.expect();
        switch (expect.outcome()) {
            case NONE -> {
                if (answer != null) diffs.add("answer: expected none, got " + describe(answer));
                else if (!(noAnswer instanceof TimeoutException)) diffs.add("answer: expected none, " + why(noAnswer));
            }
            case CLOSED -> {
                if (answer != null) diffs.add("connection: expected closed, got an answer " + describe(answer));
                else if (noAnswer instanceof TimeoutException) diffs.add("connection: expected closed, still open after " + timeoutMs + " ms");
                else if (link.client().isOpen()) diffs.add("connection: expected closed, " + why(noAnswer));
            }
            case ANSWER -> {
                if (answer == null) {
                    diffs.add(noAnswer instanceof TimeoutException ? "no answer within " + timeoutMs + " ms" : why(noAnswer));
                    break;
                }
                if (expect.count() > 1) {
                    int got = countCopies(link.counts(), key, before, expect.count(), start + timeoutMs * 1_000_000L);
                    if (got != expect.count()) diffs.add("answers: expected " + expect.count() + ", got " + got);
                }
                if (elapsedMs < expect.minMs()) diffs.add("answered after " + elapsedMs + " ms, expected no sooner than " + expect.minMs() + " ms");
                diffs.addAll(check(expect, wire, answer, scope));
                if (terminal != null) secureAnswer(terminal, step, mac, wire, answer, diffs);
            }
        }
        return new StepOutcome(new StepData.Exchange(step.dialect(), wire, answer), diffs);
    }

    private static ISOMsg withPin(SecureTerminal terminal, ISOMsg request, ScenarioStep.Security security, Variables.Scope scope)
            throws StepFailure {
        String pin = Template.resolve(security.pin(), scope);
        if (!pin.matches("\\d{4,12}")) throw new StepFailure("pin must be 4 to 12 digits");
        PinMode mode = security.pinMode() != null ? security.pinMode() : TerminalProfile.of(request.getString(41)).pin();
        try {
            return terminal.withPin(request, mode, pin);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("pin: " + e.getMessage());
        }
    }

    /** The answer's MAC (when the request had one), then the keys of an approved key change, as a keyed terminal does. */
    private static void secureAnswer(SecureTerminal terminal, ScenarioStep.Send step, MacMode mac, ISOMsg request, ISOMsg answer,
                                     List<String> diffs) {
        if (!terminal.answerMacVerifies(step.dialect(), answer, mac)) {
            diffs.add(SecureTerminal.ANSWER_MAC_FAILS);
            return;
        }
        if (!SecureTerminal.isKeyChange(request) || !"00".equals(answer.getString(39))) return;
        try {
            terminal.takeNewKeys(answer);
        } catch (IllegalArgumentException e) {
            diffs.add(e.getMessage());
        }
    }

    /** The request from the step: a copy of {@code from}'s request as sent, then the step's MTI and fields. */
    private static ISOMsg request(ScenarioStep.Send step, Variables vars, Variables.Scope scope) throws StepFailure {
        ISOMsg m = step.from() != null && vars.data(step.from()) instanceof StepData.Exchange ex
                ? (ISOMsg) ex.request().clone() : new ISOMsg();
        try {
            if (step.mti() != null) m.setMTI(Template.resolve(step.mti(), scope));
        } catch (ISOException e) {
            throw new StepFailure("mti: " + e.getMessage());
        }
        for (Map.Entry<Integer, Object> f : step.fields().entrySet()) {
            int n = f.getKey();
            Object v = f.getValue();
            try {
                if (v == null) {
                    m.unset(n);
                } else if (v instanceof Map<?, ?> tags) {
                    PrivateData pd = PrivateData.empty();
                    for (Map.Entry<?, ?> t : tags.entrySet()) pd = pd.with((String) t.getKey(), Template.resolve((String) t.getValue(), scope));
                    m.set(n, pd.format());
                } else {
                    FieldText.write(m, n, Template.resolve((String) v, scope));
                }
            } catch (IllegalArgumentException e) {
                throw new StepFailure(e.getMessage());
            }
        }
        return m;
    }

    /** The request packed and read back, so "as sent" is what the peer receives (fixed fields padded). */
    private static ISOMsg onTheWire(ScenarioStep.Send step, ISOMsg request) throws StepFailure {
        ISOPackager packager = step.dialect().packager();
        try {
            request.setPackager(packager);
            byte[] bytes = request.pack();
            ISOMsg wire = new ISOMsg();
            wire.setPackager(packager);
            wire.unpack(bytes);
            return wire;
        } catch (ISOException | RuntimeException e) {
            throw new StepFailure("the request cannot be packed for " + step.dialect() + ": " + rootMessage(e));
        }
    }

    /** Answers with the key since the request went out, after the timeout's wait for all and 500 ms more for extras. */
    private static int countCopies(AnswerCounts counts, String key, int before, int expected, long deadline) throws StepFailure {
        try {
            counts.await(key, before + expected, deadline);
            Thread.sleep(EXTRA_COPY_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while counting answers");
        }
        return counts.count(key) - before;
    }

    private static List<String> check(AnswerExpectation expect, ISOMsg sent, ISOMsg answer, Variables.Scope scope) throws StepFailure {
        List<String> diffs = new ArrayList<>();
        if (expect.mti() != null) {
            String d = expect.mti().check(mti(answer), mti(sent), scope, v -> v);
            if (d != null) diffs.add("mti: " + d);
        }
        for (Map.Entry<Integer, FieldExpectation> e : expect.fields().entrySet()) {
            int n = e.getKey();
            String d = e.getValue().check(FieldText.read(answer, n), FieldText.read(sent, n), scope, v -> Secrets.field(n, v));
            if (d != null) diffs.add("field " + n + ": " + d);
        }
        return diffs;
    }

    private static String describe(ISOMsg answer) {
        String rc = answer.getString(39);
        return mti(answer) + (rc == null ? "" : " (field 39 \"" + rc + "\")");
    }

    private static String why(Throwable t) {
        if (t instanceof IOException) return "the connection closed without an answer";
        return t == null ? "no answer" : t.getMessage();
    }

    private static String mti(ISOMsg m) {
        try {
            return m.getMTI();
        } catch (ISOException e) {
            return null;
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String msg = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        int nl = msg.indexOf('\n');
        return (nl < 0 ? msg : msg.substring(0, nl)).strip();
    }
}
