package org.veil.cardswitch.control;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jpos.util.NameRegistrar;

/**
 * The faults to inject at the edge, in memory only: test aids, gone after a restart. Several faults may match
 * one answer: a terminal's win over a merchant's, and among those the oldest applies first.
 */
public final class FaultBoard {
    static final String NAME = "fault-board";
    private final ConcurrentSkipListMap<Long, Fault> faults = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** The board of the running switch, or null when its control API is not deployed (then nothing is injected). */
    public static FaultBoard deployed() {
        return NameRegistrar.getIfExists(NAME);
    }

    Fault add(Fault.Scope scope, String target, FaultKind kind, long delayMs, Integer times) {
        Fault f = new Fault(ids.incrementAndGet(), scope, target, kind, delayMs, times);
        faults.put(f.id(), f);
        return f;
    }

    List<Fault> list() {
        return List.copyOf(faults.values());
    }

    Fault remove(long id) {
        return faults.remove(id);
    }

    int clear() {
        int n = 0;
        for (Long id : faults.keySet()) if (faults.remove(id) != null) n++;
        return n;
    }

    /**
     * The fault to apply to the answer of a request from this terminal and merchant (either may be null), with
     * one of its uses taken; null when none applies. A fault whose uses are gone removes itself.
     */
    public Fault take(String terminal, String merchant) {
        if (faults.isEmpty()) return null; // the usual case, on every request
        Fault f = terminal == null ? null : take(Fault.Scope.TERMINAL, terminal);
        return f != null || merchant == null ? f : take(Fault.Scope.MERCHANT, merchant);
    }

    private Fault take(Fault.Scope scope, String value) {
        for (Fault f : faults.values()) {
            if (!f.matches(scope, value)) continue;
            boolean claimed = f.claim();
            if (f.usedUp()) faults.remove(f.id(), f);
            if (claimed) return f;
        }
        return null;
    }
}
