package org.veil.cardswitch.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One injected fault: which answers it applies to (a terminal's, field 41, or a merchant's, field 42), what
 * it does to them, and for how many more of them (null: until cleared).
 */
public final class Fault {
    /** Whose answers: a terminal's or a merchant's. */
    public enum Scope { TERMINAL, MERCHANT }

    private final long id;
    private final Scope scope;
    private final String target;
    private final FaultKind kind;
    private final long delayMs;
    private final Integer times;
    private final AtomicInteger left;

    Fault(long id, Scope scope, String target, FaultKind kind, long delayMs, Integer times) {
        this.id = id;
        this.scope = scope;
        this.target = target;
        this.kind = kind;
        this.delayMs = delayMs;
        this.times = times;
        this.left = times == null ? null : new AtomicInteger(times);
    }

    public long id() {
        return id;
    }

    public FaultKind kind() {
        return kind;
    }

    /** How long a DELAY holds the answer back; 0 for the other kinds. */
    public long delayMs() {
        return delayMs;
    }

    boolean matches(Scope s, String value) {
        return scope == s && target.equals(value);
    }

    /** Takes one of the answers it may still spoil: false once they are used up. */
    boolean claim() {
        if (left == null) return true;
        while (true) {
            int n = left.get();
            if (n <= 0) return false;
            if (left.compareAndSet(n, n - 1)) return true;
        }
    }

    boolean usedUp() {
        return left != null && left.get() <= 0;
    }

    /** What the journal's fault column says, e.g. "injected: drop (fault 3)". */
    public String journalText() {
        return "injected: " + describe() + " (fault " + id + ")";
    }

    /** The kind, with its delay: "drop", "delay 2000 ms". */
    public String describe() {
        return kind == FaultKind.DELAY ? kind.text() + " " + delayMs + " ms" : kind.text();
    }

    /** As the API shows it. */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put(scope == Scope.TERMINAL ? "terminal" : "merchant", target);
        m.put("kind", kind.text());
        if (kind == FaultKind.DELAY) m.put("delayMs", delayMs);
        if (times != null) {
            m.put("times", times);
            m.put("remaining", Math.max(0, left.get()));
        }
        return m;
    }
}
