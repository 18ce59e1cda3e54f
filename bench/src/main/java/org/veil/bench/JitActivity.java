package org.veil.bench;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * CPU time the JIT compiler threads of some JVMs have used ({@link ThreadCpu}). Under load a fresh switch or issuer
 * host compiles for about half a minute, at a third of a core each: a run measured meanwhile bills the compiler. Empty
 * where /proc cannot tell (another OS), and the warm-up then goes by throughput alone.
 */
final class JitActivity {
    private JitActivity() {
    }

    /** Milliseconds of CPU the compiler threads of these processes have used so far, or empty if unreadable. */
    static OptionalLong compileMillis(Collection<ProcessHandle> processes) {
        long millis = 0;
        for (ProcessHandle p : processes) {
            Optional<Map<ThreadCpu.Kind, Long>> m = ThreadCpu.millis(p.pid());
            if (m.isEmpty()) return OptionalLong.empty();
            millis += m.get().get(ThreadCpu.Kind.JIT);
        }
        return OptionalLong.of(millis);
    }
}
