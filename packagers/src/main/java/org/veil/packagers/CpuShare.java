package org.veil.packagers;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a server's own threads on a share of the CPUs, so that the switch and the issuer host on one machine each hand
 * work between their threads on one CPU set. On the 2-core machine Veil is measured on (a virtual machine), a thread
 * woken on the other CPU costs tens of microseconds of CPU: two threads passing a value back and forth took about
 * 50 us of CPU per round trip across the two CPUs and 3 us on one. With the switch's threads on one CPU and the issuer
 * host's on the other, the full path took about a quarter less CPU per approval (README, "Benchmark").
 * <p>
 * {@link #apply} pins the calling thread (Linux's sched_setaffinity); every thread it starts from then on, and every
 * thread those start, inherits the mask. A server calls it first thing in main, before it starts any thread of its own:
 * the JVM's collector and compiler threads, started before main, keep every CPU, so a collection's pause is shared
 * out over both.
 */
public final class CpuShare {
    /** The system property the servers read: {@code K/N} (the K-th of N equal parts), a CPU list, or {@code all}. */
    public static final String PROPERTY = "veil.cpus";
    private static final int MASK_BYTES = 128; // glibc's cpu_set_t: 1,024 CPUs
    private static final Pattern SHARE = Pattern.compile("(\\d{1,3})/(\\d{1,3})");
    private static final Pattern LIST = Pattern.compile("\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?)*");

    private CpuShare() {}

    /**
     * Pins the calling thread as {@code spec} says, and returns what was done, for the server to say so. A spec that
     * does not parse, or names a CPU this process may not use, is an IllegalArgumentException with one line saying so;
     * where the system cannot pin threads (not Linux, or the call fails), nothing is pinned and the answer says why.
     */
    public static String apply(String spec) {
        if (spec == null || spec.isBlank() || spec.strip().equals("all")) return "threads on every CPU";
        String asked = spec.strip();
        Spec parsed = Spec.parse(asked); // a spec that does not parse is refused before the system is asked anything
        Affinity os = Affinity.find().orElse(null);
        if (os == null) return "threads on every CPU: " + PROPERTY + "=" + asked + " needs Linux's sched_setaffinity";
        List<Integer> allowed;
        List<Integer> chosen;
        try {
            allowed = os.get();
            chosen = parsed.among(allowed);
            os.set(chosen);
        } catch (IllegalStateException e) {
            return "threads on every CPU: " + e.getMessage();
        }
        return "threads on CPU " + describe(chosen) + " (" + PROPERTY + "=" + asked + " of " + describe(allowed) + ")";
    }

    /** The CPUs {@code spec} names among {@code allowed} (ascending): a K/N share of them, or a list that they hold. */
    static List<Integer> choose(String spec, List<Integer> allowed) {
        return Spec.parse(spec).among(allowed);
    }

    /** A parsed veil.cpus: the K-th of N parts ({@code listed} null), or the CPUs a list names ({@code k}, {@code n} 0). */
    private record Spec(int k, int n, SortedSet<Integer> listed) {
        static Spec parse(String spec) {
            Matcher share = SHARE.matcher(spec);
            if (share.matches()) {
                int k = Integer.parseInt(share.group(1));
                int n = Integer.parseInt(share.group(2));
                if (n < 1 || k < 1 || k > n) {
                    throw new IllegalArgumentException(PROPERTY + ": '" + spec + "' needs 1 <= K <= N in K/N");
                }
                return new Spec(k, n, null);
            }
            if (!LIST.matcher(spec).matches()) {
                throw new IllegalArgumentException(PROPERTY + ": '" + shortened(spec) + "' is not K/N (say 1/2), a CPU list"
                        + " (say 0-3,8) or all");
            }
            SortedSet<Integer> cpus = new TreeSet<>();
            for (String range : spec.split(",")) {
                String[] ends = range.split("-");
                int from = Integer.parseInt(ends[0]);
                int to = ends.length == 1 ? from : Integer.parseInt(ends[1]);
                if (to < from) throw new IllegalArgumentException(PROPERTY + ": the range " + range + " runs backwards");
                for (int cpu = from; cpu <= to; cpu++) cpus.add(cpu);
            }
            return new Spec(0, 0, cpus);
        }

        /** The CPUs this spec picks out of {@code allowed}; a listed CPU outside them is an IllegalArgumentException. */
        List<Integer> among(List<Integer> allowed) {
            if (listed == null) {
                // the K-th of N parts, as equal as whole CPUs allow; with fewer CPUs than parts, parts share
                int m = allowed.size();
                int from = Math.min((k - 1) * m / n, m - 1);
                int to = Math.max(k * m / n, from + 1);
                return List.copyOf(allowed.subList(from, to));
            }
            for (int cpu : listed) {
                if (!allowed.contains(cpu)) {
                    throw new IllegalArgumentException(PROPERTY + ": CPU " + cpu + " is not one this process may use ("
                            + describe(allowed) + ")");
                }
            }
            return List.copyOf(listed);
        }
    }

    /** A CPU list as taskset writes one: 0-3,8. */
    static String describe(List<Integer> cpus) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cpus.size(); i++) {
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1) j++;
            if (!out.isEmpty()) out.append(',');
            out.append(cpus.get(i));
            if (j > i) out.append('-').append(cpus.get(j));
            i = j;
        }
        return out.toString();
    }

    private static String shortened(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** The calling thread's CPU mask, through Linux's sched_getaffinity and sched_setaffinity. */
    record Affinity(MethodHandle getter, MethodHandle setter, StructLayout callState) {
        static Optional<Affinity> find() {
            Linker linker = Linker.nativeLinker();
            var get = linker.defaultLookup().find("sched_getaffinity");
            var set = linker.defaultLookup().find("sched_setaffinity");
            if (get.isEmpty() || set.isEmpty()) return Optional.empty();
            FunctionDescriptor call = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
            Linker.Option errno = Linker.Option.captureCallState("errno");
            return Optional.of(new Affinity(linker.downcallHandle(get.get(), call, errno),
                    linker.downcallHandle(set.get(), call, errno), Linker.Option.captureStateLayout()));
        }

        List<Integer> get() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment mask = arena.allocate(MASK_BYTES);
                call(getter, "sched_getaffinity", arena, mask);
                List<Integer> cpus = new ArrayList<>();
                for (int cpu = 0; cpu < MASK_BYTES * 8; cpu++) {
                    if ((mask.get(JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) != 0) cpus.add(cpu);
                }
                return cpus;
            }
        }

        void set(List<Integer> cpus) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment mask = arena.allocate(MASK_BYTES);
                for (int cpu : cpus) mask.set(JAVA_BYTE, cpu / 8, (byte) (mask.get(JAVA_BYTE, cpu / 8) | (1 << (cpu % 8))));
                call(setter, "sched_setaffinity", arena, mask);
            }
        }

        private void call(MethodHandle h, String name, Arena arena, MemorySegment mask) {
            MemorySegment state = arena.allocate(callState);
            int rc;
            try {
                rc = (int) h.invokeExact(state, 0, (long) MASK_BYTES, mask); // 0: the calling thread
            } catch (Throwable t) {
                throw new IllegalStateException(name + " failed: " + t, t);
            }
            if (rc != 0) {
                int errno = state.get(JAVA_INT, callState.byteOffset(MemoryLayout.PathElement.groupElement("errno")));
                throw new IllegalStateException(name + " failed: errno " + errno);
            }
        }
    }
}
