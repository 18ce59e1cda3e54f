package org.veil.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.veil.e2e.ProcessProbe.Sample;

/**
 * The samples of one process over a soak and the verdict on them. Samples are labelled: "before" (no load yet),
 * "start" (warm-up over, under load), periodic ones, "end" (still under load, connections still open, so it
 * compares like with like against "start") and "after" (the load's connections closed).
 */
public final class ProcessWatch {
    /** The rule the verdict applies, as the report prints it. */
    public static final String RULE = "flat when, from start to end (both under the same load), open fds grow by at most "
            + LeakRule.FD_SLACK + " and threads by at most " + LeakRule.THREAD_SLACK + ", and heap used after a full GC stays "
            + "within start x " + LeakRule.HEAP_FACTOR + " + " + LeakRule.HEAP_SLACK_KB / 1024 + " MB; and, for the switch (which "
            + "holds the load's connections), once they are closed fds and threads are back within " + LeakRule.FD_SLACK
            + " of before the load; else GROWING";

    /** The limits of {@link #RULE}. */
    static final class LeakRule {
        static final long FD_SLACK = 10;
        static final long THREAD_SLACK = 10;
        static final double HEAP_FACTOR = 1.5;
        static final long HEAP_SLACK_KB = 16 * 1024;

        private LeakRule() {}
    }

    /** What the rule found; each part on its own so a short run can rely on the parts that are reliable in it. */
    public record Verdict(String process, boolean fdsFlat, boolean threadsFlat, boolean heapFlat, boolean released,
                          String detail) {
        public boolean flat() {
            return fdsFlat && threadsFlat && heapFlat && released;
        }

        public String line() {
            return process + ": " + (flat() ? "flat" : "GROWING") + " (" + detail + ")";
        }
    }

    private final String name;
    private final long pid;
    private final boolean holdsConnections;
    private final List<Sample> samples = new ArrayList<>();

    /**
     * {@code holdsConnections}: the load's connections end in this process, so closing them must give back their
     * sockets and threads. (Another process's pools may rightly keep what the load made them grow to.)
     */
    public ProcessWatch(String name, long pid, boolean holdsConnections) {
        this.name = name;
        this.pid = pid;
        this.holdsConnections = holdsConnections;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return pid;
    }

    public synchronized Sample sample(String label, double atSeconds) throws IOException {
        Sample s = ProcessProbe.sample(pid, label, atSeconds);
        samples.add(s);
        return s;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The latest sample with this label, or null. */
    public synchronized Sample find(String label) {
        for (int i = samples.size() - 1; i >= 0; i--) {
            if (samples.get(i).label().equals(label)) return samples.get(i);
        }
        return null;
    }

    public Verdict verdict() {
        Sample before = find("before");
        Sample start = find("start");
        Sample end = find("end");
        Sample after = find("after");
        if (before == null || start == null || end == null || after == null) {
            return new Verdict(name, false, false, false, false, "not sampled before, at start, at end and after the load");
        }
        boolean fds = end.fds() <= start.fds() + LeakRule.FD_SLACK;
        boolean threads = end.threads() <= start.threads() + LeakRule.THREAD_SLACK;
        boolean heap = end.heapKb() <= start.heapKb() * LeakRule.HEAP_FACTOR + LeakRule.HEAP_SLACK_KB;
        boolean released = !holdsConnections || after.fds() <= before.fds() + LeakRule.FD_SLACK
                && after.threads() <= before.threads() + LeakRule.THREAD_SLACK;
        String detail = String.format(Locale.ROOT, "fds %d -> %d%s, threads %d -> %d%s, heap %.1f -> %.1f MB%s",
                start.fds(), end.fds(), fds ? "" : " GREW", start.threads(), end.threads(), threads ? "" : " GREW",
                start.heapKb() / 1024.0, end.heapKb() / 1024.0, heap ? "" : " GREW");
        if (holdsConnections) {
            detail += String.format(Locale.ROOT, "; connections closed: fds %d, threads %d (before the load %d, %d)%s",
                    after.fds(), after.threads(), before.fds(), before.threads(), released ? "" : " NOT RELEASED");
        }
        return new Verdict(name, fds, threads, heap, released, detail);
    }
}
